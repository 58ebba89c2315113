# Resource Reserver — the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGES := libs/rr_proto libs/rr_common services/auth services/catalog services/booking \
            services/waitlist services/notify services/gateway devstack cli importer
SERVICES := auth catalog booking waitlist notify gateway
PYPROJECTS := $(addsuffix /pyproject.toml,$(PACKAGES))
PYTEST := $(BIN)/python -m pytest 
SERVICE_TESTS := services/auth/tests services/catalog/tests services/booking/tests \
                 services/waitlist/tests services/notify/tests services/gateway/tests
# The web app: npm packages are installed when package-lock.json changes (the stamp lives in
# node_modules, so deleting node_modules reinstalls), dist/ is rebuilt when a build input changes.
# `npm run build` also type checks e2e/ and the configs, so those are inputs too. test-frontend
# runs check:api itself, so Vitest skips src/api/fresh.test.ts (the same check) there.
WEB := frontend
WEB_STAMP := $(WEB)/node_modules/.installed
WEB_BUILD := $(WEB)/dist/index.html
WEB_INPUTS := $(shell find $(WEB)/src $(wildcard $(WEB)/public)) $(wildcard $(WEB)/e2e/*.ts) \
              $(WEB)/index.html $(WEB)/package.json $(WEB)/tsconfig.json $(WEB)/vite.config.ts \
              $(WEB)/playwright.config.ts

.PHONY: help install frontend run test test-unit test-frontend test-e2e proto lint bench clean docs docs-gen docs-serve docs-screenshots import-old-system

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): constraints.txt requirements-dev.txt $(PYPROJECTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -r requirements-dev.txt $(addprefix -e ,$(PACKAGES))
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install every package (only when inputs changed)

$(WEB_STAMP): $(WEB)/package-lock.json
	@command -v npm >/dev/null || { echo "make: npm not found; the web app needs Node.js 20.19+ and npm" >&2; exit 1; }
	cd $(WEB) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci
	touch $@

$(WEB_BUILD): $(WEB_STAMP) $(WEB_INPUTS)
	cd $(WEB) && npm run build
	touch $@

frontend: $(WEB_BUILD) ## Install the web app's npm packages and build frontend/dist (only when inputs changed)

run: install frontend ## Start the whole stack locally at http://127.0.0.1:8000 (Ctrl-C stops it; REPLICAS=2: two of each behind Traefik)
	$(BIN)/python -m rr_devstack run $(if $(REPLICAS),--replicas $(REPLICAS))

test: install ## Run every suite: lint, unit + service, contract, deploy, e2e, fuzz, faults, CLI, web app
	$(MAKE) --no-print-directory lint
	$(PYTEST) -q devstack/tests libs/rr_common/tests $(SERVICE_TESTS) importer/tests tests/contract tests/deploy
	$(PYTEST) -q tests/e2e
	$(PYTEST) -q tests/replicated
	$(PYTEST) -q tests/fuzz
	$(PYTEST) -q tests/faults
	$(PYTEST) -q cli/tests
	$(PYTEST) -q tests/docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	$(MAKE) --no-print-directory test-frontend

test-unit: install ## Service and library tests only
	$(PYTEST) -q libs/rr_common/tests $(SERVICE_TESTS)

test-frontend: install frontend ## The web app: API client freshness, bundle budget, Vitest, Playwright in chromium
	cd $(WEB) && npm run check:api
	cd $(WEB) && npm run size
	cd $(WEB) && npm test -- --exclude src/api/fresh.test.ts
	cd $(WEB) && bash e2e/run.sh

test-e2e: install ## The whole stack through the gateway
	$(PYTEST) -q tests/e2e

proto: install ## Regenerate libs/rr_proto from proto/ (commit the result)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/gen_proto.py

lint: install ## ruff (lint and format) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy libs/rr_common $(foreach s,$(SERVICES),services/$(s)/rr_$(s)) devstack/rr_devstack cli/rr_cli importer/rr_importer

docs-gen: install ## Regenerate the reference pages of the documentation site (API, CLI, settings, events; commit them)
	$(BIN)/python tools/gen_docs.py

docs-screenshots: install frontend ## Retake the web app's screenshots in the guides, light and dark, from a fresh stack (commit them)
	$(BIN)/python tools/docs_screenshots.py

docs: install ## Build the documentation site into build/site (mkdocs --strict: no broken links, no orphan pages)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: install ## Serve the documentation site at http://127.0.0.1:8001, rebuilt on every change
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8001

import-old-system: install ## Move the old system's database into the stack `make run` runs (OLD_DB=<SQLite file | postgresql URL>; DRY_RUN=1 only reports)
	@test -n "$(OLD_DB)" || { echo "usage: make import-old-system OLD_DB=<the old SQLite file | postgresql://user:pass@host/db> [DRY_RUN=1]" >&2; exit 2; }
	$(BIN)/python -m rr_importer --old-db "$(OLD_DB)" $(if $(DRY_RUN),--dry-run)

bench: install ## Load and latency benchmarks (prints figures; not part of test; options: BENCH_ARGS="--only create"; BASELINE=<git ref> [ROUNDS=2]: A/B against that commit in one run)
	@$(BIN)/python -m $(if $(BASELINE),bench.ab --baseline "$(BASELINE)" $(if $(ROUNDS),--rounds $(ROUNDS)),bench) $(BENCH_ARGS)

clean: ## Remove the virtualenv, local data (.rr/) and the web app's packages and builds
	rm -rf $(VENV) .rr $(WEB)/node_modules $(WEB)/dist $(WEB)/test-results
