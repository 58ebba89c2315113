# Resource Reserver — the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGES := libs/rr_proto libs/rr_common services/auth services/catalog services/booking \
            services/waitlist services/notify services/gateway devstack cli
SERVICES := auth catalog booking waitlist notify gateway
PYPROJECTS := $(addsuffix /pyproject.toml,$(PACKAGES))
PYTEST := $(BIN)/python -m pytest 
SERVICE_TESTS := services/auth/tests services/catalog/tests services/booking/tests \
                 services/waitlist/tests services/notify/tests services/gateway/tests

.PHONY: help install run test test-unit test-contract test-e2e test-deploy proto lint bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): constraints.txt requirements-dev.txt $(PYPROJECTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -r requirements-dev.txt $(addprefix -e ,$(PACKAGES))
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install every package (only when inputs changed)

run: install ## Start the whole stack locally at http://127.0.0.1:8000 (Ctrl-C stops it)
	$(BIN)/python -m rr_devstack run

test: install ## Run every suite: lint, unit + service, contract, deploy, e2e, fuzz, faults, CLI
	$(MAKE) --no-print-directory lint
	$(PYTEST) -q devstack/tests libs/rr_common/tests $(SERVICE_TESTS) tests/contract tests/deploy
	$(PYTEST) -q tests/e2e
	$(PYTEST) -q tests/fuzz
	$(PYTEST) -q tests/faults
	$(PYTEST) -q cli/tests

test-unit: install ## Service and library tests only
	$(PYTEST) -q libs/rr_common/tests $(SERVICE_TESTS)

test-e2e: install ## The whole stack through the gateway
	$(PYTEST) -q tests/e2e

proto: install ## Regenerate libs/rr_proto from proto/ (commit the result)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/gen_proto.py

lint: install ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/mypy libs/rr_common $(foreach s,$(SERVICES),services/$(s)/rr_$(s)) devstack/rr_devstack cli/rr_cli

bench: install ## Load and latency benchmarks (prints figures; not part of test)
	$(BIN)/python -m bench

clean: ## Remove the virtualenv and local data (.rr/)
	rm -rf $(VENV) .rr
