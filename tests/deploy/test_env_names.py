"""Every environment variable the deployment sets for a service is a real field of its settings.

Reads each `rr_<name>.config.Settings` (pydantic-settings: `model_fields` + `env_prefix`) and the
variables set by docker-compose.yml, the Dockerfile's per-service stages and the Kubernetes
ConfigMaps, Secrets and container `env` of every overlay.
"""

from __future__ import annotations

import re
from typing import Any


def dockerfile_stage_env(text: str) -> dict[str, set[str]]:
    """ENV names per `FROM ... AS <stage>` stage of the Dockerfile."""
    stages: dict[str, set[str]] = {}
    current = ""
    joined = re.sub(r"\\\n", " ", text)
    for line in joined.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0].upper() == "FROM":
            current = words[3] if len(words) >= 4 and words[2].upper() == "AS" else ""
            stages.setdefault(current, set())
        elif words[0].upper() == "ENV":
            stages[current] |= {w.split("=", 1)[0] for w in words[1:] if "=" in w}
    return stages


def container_env_names(objects: tuple[dict[str, Any], ...], container: dict[str, Any], support: Any) -> set[str]:
    entries = container.get("env", [])
    # An entry that only feeds another's value through Kubernetes' `$(NAME)` expansion is an
    # input, not a setting (e.g. a Secret's key spliced into a JSON setting).
    referenced = {
        ref for entry in entries for ref in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", entry.get("value", ""))
    }
    names = {
        entry["name"] for entry in entries if not (entry["name"] in referenced and not entry["name"].startswith("RR_"))
    }
    config_maps = support.by_name(objects, "ConfigMap")
    secrets = support.by_name(objects, "Secret")
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            ref = source["configMapRef"]["name"]
            assert ref in config_maps, f"envFrom ConfigMap {ref} is not in the build"
            names |= set(config_maps[ref].get("data", {}))
        if "secretRef" in source:
            ref = source["secretRef"]["name"]
            names |= set(secrets.get(ref, {}).get("data", {}))
    return names


def test_settings_classes_use_the_conventional_prefix(service: str, settings: Any) -> None:
    found = settings(service)
    assert found.prefix == f"RR_{service.upper()}_"
    assert found.env_names, f"rr_{service}.config.Settings has no fields"


def test_compose_sets_only_real_settings(compose: Any, service: str, settings: Any) -> None:
    names = [service] if service == "gateway" else [service, f"{service}-migrate"]
    for name in names:
        unknown = settings(service).unknown(set(compose.environment(name)))
        assert unknown == [], f"docker-compose.yml sets variables {name} does not read"


def test_dockerfile_stage_sets_only_real_settings(service: str, settings: Any, support: Any) -> None:
    stages = dockerfile_stage_env(support.DOCKERFILE.read_text())
    stage = f"svc-{service}"
    assert stage in stages, f"Dockerfile has no stage {stage}"
    assert settings(service).unknown(stages[stage]) == []
    shared = {n for s, env in stages.items() if not s.startswith("svc-") for n in env if n.startswith("RR_")}
    assert shared == set(), "service settings belong in the per-service stages"


def test_kubernetes_sets_only_real_settings(overlay: str, build: Any, settings: Any, support: Any) -> None:
    objects = build(f"overlays/{overlay}")
    checked = set()
    for workload in support.workloads(objects):
        service = support.rr_workload_service(workload)
        if service is None:
            continue
        for container in support.pod_spec(workload)["containers"]:
            names = container_env_names(objects, container, support)
            unknown = settings(service).unknown(names)
            assert unknown == [], f"{workload['kind']}/{workload['metadata']['name']} sets unknown variables"
            checked.add(service)
    assert checked == set(support.SERVICES)


def test_each_config_map_belongs_to_one_service(overlay: str, build: Any, settings: Any, support: Any) -> None:
    for config_map in support.objects_of(build(f"overlays/{overlay}"), "ConfigMap"):
        name = config_map["metadata"]["name"]
        service = next((s for s in support.SERVICES if name.startswith(f"{s}-config")), None)
        if service is None:
            continue
        assert settings(service).unknown(set(config_map.get("data", {}))) == [], name


def test_conventional_variables_are_all_set(overlay: str, build: Any, support: Any) -> None:
    """The ConfigMaps carry at least what docs/conventions.md asks a container to set."""
    objects = build(f"overlays/{overlay}")
    config_maps = {
        cm["metadata"]["name"].rsplit("-", 1)[0]: cm["data"] for cm in support.objects_of(objects, "ConfigMap")
    }
    for backend in support.BACKENDS:
        data = config_maps[f"{backend}-config"]
        prefix = f"RR_{backend.upper()}_"
        for suffix in (
            "ENVIRONMENT",
            "LOG_FORMAT",
            "GRPC_HOST",
            "GRPC_PORT",
            "METRICS_PORT",
            "NATS_URL",
            "JWT_ISSUER",
            "JWT_AUDIENCE",
            "OTEL_EXPORTER_OTLP_ENDPOINT",
        ):
            assert prefix + suffix in data, f"{backend}-config lacks {prefix + suffix}"
        assert data[prefix + "GRPC_HOST"] == "0.0.0.0"
    gateway = config_maps["gateway-config"]
    for suffix in ("HTTP_HOST", "HTTP_PORT", "STATIC_DIR", "NATS_URL", "UPSTREAM_TIMEOUT_SECONDS"):
        assert f"RR_GATEWAY_{suffix}" in gateway
    assert gateway["RR_GATEWAY_HTTP_HOST"] == "0.0.0.0"
