"""Each service's Settings accepts the environment the deployment gives it (types, patterns and the
production checks included), so a container does not die at start on its configuration."""

from __future__ import annotations

import base64
import importlib
import os
import re
from typing import Any

import pytest

# Stand-ins for the values operators put in Secrets for the production overlay.
PROD_SECRET_VALUES = {
    "database-url": "postgresql://rr:secret@db.internal.example:5432/rr",
    "jwt-private-key": "-----BEGIN PRIVATE KEY-----\nstand-in\n-----END PRIVATE KEY-----",
    "jwt-previous-public-keys": "",
    # A Fernet key: settings refuse anything else.
    "mfa-secret-key": base64.urlsafe_b64encode(b"stand-in-key-of-thirty-two-bytes").decode(),
    "mfa-previous-secret-keys": "",
    "redis-url": "redis://:secret@redis.internal.example:6379/0",
    "client-id": "waitlist-service",
    "client-secret": "stand-in-client-secret-of-32-characters",
}


def load(service: str, environment: dict[str, str], monkeypatch: pytest.MonkeyPatch, support: Any) -> Any:
    support.load_settings(service)  # makes the module importable from the source tree if needed
    settings_class = importlib.import_module(f"rr_{service}.config").Settings
    prefix = f"RR_{service.upper()}_"
    with monkeypatch.context() as patch:
        for name in [n for n in list(os.environ) if n.upper().startswith(prefix)]:
            patch.delenv(name)
        for name, value in environment.items():
            patch.setenv(name, value)
        return settings_class()


def test_compose_environment_is_accepted(
    compose: Any, service: str, monkeypatch: pytest.MonkeyPatch, support: Any
) -> None:
    environment = compose.environment(service)
    if service == "auth":
        environment["RR_AUTH_JWT_PRIVATE_KEY"] = PROD_SECRET_VALUES["jwt-private-key"]
        environment["RR_AUTH_MFA_SECRET_KEY"] = PROD_SECRET_VALUES["mfa-secret-key"]
        environment["RR_AUTH_MFA_PREVIOUS_SECRET_KEYS"] = PROD_SECRET_VALUES["mfa-previous-secret-keys"]
    settings = load(service, environment, monkeypatch, support)
    assert settings.environment == "production"
    assert settings.log_format == "json"


def kubernetes_environment(objects: tuple[dict[str, Any], ...], service: str, support: Any) -> dict[str, str]:
    deployment = support.by_name(objects, "Deployment")[service]
    container = support.pod_spec(deployment)["containers"][0]
    config_maps = support.by_name(objects, "ConfigMap")
    secrets = support.by_name(objects, "Secret")
    environment: dict[str, str] = {}
    for source in container.get("envFrom", []):
        environment.update(config_maps[source["configMapRef"]["name"]]["data"])
    for entry in container.get("env", []):
        if "value" in entry:
            # Kubernetes expands `$(NAME)` from the entries defined before this one.
            environment[entry["name"]] = re.sub(
                r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: environment.get(m[1], m[0]), entry["value"]
            )
            continue
        ref = entry["valueFrom"]["secretKeyRef"]
        if ref["name"] in secrets:
            data = secrets[ref["name"]].get("data", {})
            if ref["key"] in data:
                environment[entry["name"]] = base64.b64decode(data[ref["key"]]).decode()
        else:
            environment[entry["name"]] = PROD_SECRET_VALUES[ref["key"]]
    return environment


def test_kubernetes_environment_is_accepted(
    build: Any, overlay: str, service: str, monkeypatch: pytest.MonkeyPatch, support: Any
) -> None:
    environment = kubernetes_environment(build(f"overlays/{overlay}"), service, support)
    settings = load(service, environment, monkeypatch, support)
    assert settings.environment == ("production" if overlay == "prod" else "development")
    if service == "gateway":
        assert settings.http_host == "0.0.0.0"
        assert settings.static_dir == "/app/static"
    else:
        assert settings.grpc_host == "0.0.0.0"
