"""Dockerfile and .dockerignore, and every entry point the Dockerfile, compose and Kubernetes run."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any

SERVICE_ARGS = {"serve", "migrate"}


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    result = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def stages(text: str) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    current = "<global>"
    for word, rest in instructions(text):
        if word == "FROM":
            parts = rest.split()
            current = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else f"<final:{parts[0]}>"
            found[current] = [(word, rest)]
        else:
            found.setdefault(current, []).append((word, rest))
    return found


def dockerignore_patterns(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def ignored(relative: str, patterns: list[str]) -> bool:
    """Good enough .dockerignore semantics: a path is out if it or a parent matches a pattern."""
    result = False
    parts = relative.strip("/").split("/")
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if fnmatch.fnmatch(prefix, pattern) or (pattern.startswith("**/") and fnmatch.fnmatch(prefix, pattern[3:])):
                result = not negate
    return result


def module_source(module: str, support: Any) -> Path:
    """Where a `python -m` target lives in the repository."""
    if module.startswith("rr_common."):
        return support.REPO / "libs" / "rr_common" / Path(*module.split(".")).with_suffix(".py")
    service = module.removeprefix("rr_")
    return support.REPO / "services" / service / module / "__main__.py"


def all_python_commands(compose: Any, build: Any, support: Any) -> list[tuple[str, list[str]]]:
    commands: list[list[str]] = []
    for word, rest in instructions(support.DOCKERFILE.read_text()):
        if word in ("CMD", "HEALTHCHECK") and "[" in rest:
            commands.append(json.loads(rest[rest.index("[") :]))  # exec (JSON) form only
    for service in compose.services.values():
        if isinstance(service.get("command"), list):
            commands.append(service["command"])
        test = (service.get("healthcheck") or {}).get("test", [])
        if test and test[0] == "CMD":
            commands.append(test[1:])
    for overlay in support.OVERLAYS:
        for workload in support.workloads(build(f"overlays/{overlay}")):
            for container in support.pod_spec(workload)["containers"]:
                commands.append([*container.get("command", []), *container.get("args", [])])
    return [parsed for c in commands if (parsed := support.python_module_command(c))]


class TestDockerfile:
    def test_service_is_a_required_build_argument_with_one_stage_per_service(self, support: Any) -> None:
        text = support.DOCKERFILE.read_text()
        found = stages(text)
        assert ("ARG", "SERVICE") in found["<global>"]
        for service in support.SERVICES:
            assert f"svc-{service}" in found, f"no stage svc-{service}"
        assert list(found)[-1] == "<final:svc-${SERVICE}>", "the last stage must be FROM svc-${SERVICE}"

    def test_each_stage_runs_its_service(self, service: str, settings: Any, support: Any) -> None:
        stage = dict(stages(support.DOCKERFILE.read_text())[f"svc-{service}"])
        assert json.loads(stage["CMD"]) == ["python", "-m", f"rr_{service}", "serve"]
        defaults = settings(service).defaults
        expected = (
            {defaults["http_port"]} if service == "gateway" else {defaults["grpc_port"], defaults["metrics_port"]}
        )
        assert {int(p) for p in stage["EXPOSE"].split()} == expected

    def test_images_run_as_the_unprivileged_user(self, support: Any) -> None:
        found = stages(support.DOCKERFILE.read_text())
        assert ("USER", f"{support.RR_UID}:{support.RR_UID}") in found["runtime"]
        assert f"--uid {support.RR_UID}" in dict(found["runtime"])["RUN"]
        for service in support.SERVICES:
            assert found[f"svc-{service}"][0] == ("FROM", f"runtime AS svc-{service}")
            assert not any(word == "USER" for word, _ in found[f"svc-{service}"]), "no stage may switch user back"

    def test_multi_stage_and_slim(self, support: Any) -> None:
        text = support.DOCKERFILE.read_text()
        assert "python:3.11-slim" in text
        found = stages(text)
        runtime = dict(found["runtime"])
        assert runtime["COPY"].startswith("--from=build /opt/venv")
        assert "npm run build" in " ".join(rest for _, rest in found["frontend"])
        gateway = " ".join(rest for _, rest in found["svc-gateway"])
        assert "--from=frontend" in gateway and "/app/static" in gateway

    def test_build_installs_with_the_constraints(self, support: Any) -> None:
        build_stage = " ".join(rest for word, rest in stages(support.DOCKERFILE.read_text())["build"] if word == "RUN")
        assert "pip install -c constraints.txt" in build_stage
        for part in ("./libs/rr_proto", "./libs/rr_common", '"./services/${SERVICE}"'):
            assert part in build_stage

    def test_copied_sources_exist_and_are_not_ignored(self, service: str, support: Any) -> None:
        patterns = dockerignore_patterns(support.DOCKERIGNORE)
        for word, rest in instructions(support.DOCKERFILE.read_text()):
            if word != "COPY" or rest.startswith("--from"):
                continue
            for source in rest.split()[:-1]:
                if source.startswith("--"):
                    continue
                relative = source.replace("${SERVICE}", service).rstrip("/")
                assert (support.REPO / relative).exists(), f"COPY source {relative} is missing"
                assert not ignored(relative, patterns), f".dockerignore excludes {relative}"

    def test_dockerignore_keeps_secrets_and_local_state_out(self, support: Any) -> None:
        patterns = dockerignore_patterns(support.DOCKERIGNORE)
        for path in (".git", ".env", "deploy/compose.env", "frontend/node_modules", "services/auth/tests", ".venv"):
            assert ignored(path, patterns), f"{path} would be sent to the build"


class TestEntryPoints:
    def test_every_python_module_run_by_the_deployment_exists(self, compose: Any, build: Any, support: Any) -> None:
        commands = all_python_commands(compose, build, support)
        modules = {module for module, _ in commands}
        assert {f"rr_{s}" for s in support.SERVICES} <= modules
        assert "rr_common.healthcheck" in modules
        for module in sorted(modules):
            assert module_source(module, support).is_file(), (
                f"python -m {module}: {module_source(module, support)} missing"
            )

    def test_commands_are_serve_or_migrate(self, compose: Any, build: Any, support: Any) -> None:
        for module, args in all_python_commands(compose, build, support):
            if module.startswith("rr_common."):
                assert len(args) == 1 and args[0].isdigit(), f"{module} {args}: expected a port"
                continue
            assert len(args) == 1 and args[0] in SERVICE_ARGS, f"python -m {module} {args}"

    def test_each_service_cli_knows_serve_and_migrate(self, backend: str, support: Any) -> None:
        main = (support.REPO / "services" / backend / f"rr_{backend}" / "__main__.py").read_text()
        if "run_cli" in main:  # the shared command line of rr_common.entrypoint
            main = (support.REPO / "libs" / "rr_common" / "rr_common" / "entrypoint.py").read_text()
        assert '"serve"' in main and '"migrate"' in main

    def test_gateway_cli_knows_serve(self, support: Any) -> None:
        main = (support.REPO / "services" / "gateway" / "rr_gateway" / "__main__.py").read_text()
        assert '"serve"' in main

    def test_healthcheck_module_takes_a_port(self, support: Any) -> None:
        source = (support.REPO / "libs" / "rr_common" / "rr_common" / "healthcheck.py").read_text()
        assert "127.0.0.1:" in source and "SERVING" in source

    def test_console_scripts_are_declared(self, service: str, support: Any) -> None:
        pyproject = (support.REPO / "services" / service / "pyproject.toml").read_text()
        assert re.search(rf'^rr-{service}\s*=\s*"rr_{service}\.__main__:\w+"', pyproject, re.M)
