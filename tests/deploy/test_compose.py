"""docker-compose.yml: valid Compose, required secrets, health checks, start order, hardening."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest

SECRET_NAME = re.compile(r"PASSWORD|PRIVATE_KEY|SECRET|TOKEN")
ONE_SHOT_CONDITION = "service_completed_successfully"


def migrate_service(name: str) -> str:
    return f"{name}-migrate"


def is_one_shot(service: dict[str, Any]) -> bool:
    return str(service.get("restart", "no")) == "no"


class TestComposeFile:
    def test_matches_the_compose_specification(self, compose: Any, compose_schema: dict[str, Any]) -> None:
        validator = jsonschema.Draft202012Validator(compose_schema)
        errors = sorted(validator.iter_errors(compose.resolved), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)

    def test_interpolates_with_the_example_env_file_filled_in(self, compose: Any) -> None:
        assert compose.interpolation.missing_required == []

    def test_every_variable_is_documented_in_the_example_env_file(self, compose: Any) -> None:
        undocumented = sorted(set(compose.interpolation.uses) - set(compose.example_env))
        assert undocumented == [], "add these to deploy/compose.env.example"
        unused = sorted(set(compose.example_env) - set(compose.interpolation.uses))
        assert unused == [], "deploy/compose.env.example lists variables docker-compose.yml does not use"

    def test_secrets_are_required_and_have_no_default(self, compose: Any) -> None:
        # Empty by default: public keys, and former MFA keys needed only during a rotation.
        optional_public = {"RR_AUTH_JWT_PREVIOUS_PUBLIC_KEYS", "RR_AUTH_MFA_PREVIOUS_SECRET_KEYS"}
        for name, operators in compose.interpolation.uses.items():
            if SECRET_NAME.search(name) and name not in optional_public:
                assert operators == {":?"}, f"{name} must be written ${{{name}:?message}}, found {operators}"
                assert compose.example_env[name] == "", f"{name} must be empty in compose.env.example"

    def test_required_secrets_really_stop_compose_when_missing(self, compose: Any, support: Any) -> None:
        seen = support.Interpolation()
        support.interpolate(compose.raw, {}, seen)
        required = {n for n in compose.interpolation.uses if SECRET_NAME.search(n)} - {
            "RR_AUTH_JWT_PREVIOUS_PUBLIC_KEYS",
            "RR_AUTH_MFA_PREVIOUS_SECRET_KEYS",
        }
        assert required <= set(seen.missing_required)
        assert {
            "RR_AUTH_JWT_PRIVATE_KEY",
            "RR_AUTH_MFA_SECRET_KEY",
            "POSTGRES_SUPERUSER_PASSWORD",
            "NATS_PASSWORD",
            "REDIS_PASSWORD",
        } <= required

    def test_no_literal_credentials_in_urls(self, compose: Any) -> None:
        for name, service in compose.raw["services"].items():
            for key, value in (service.get("environment") or {}).items():
                for user_info in re.findall(r"://([^@/\s]*)@", str(value)):
                    if ":" in user_info:
                        password = user_info.split(":", 1)[1]
                        assert password.startswith("${") and ":?" in password, f"{name}: {key} embeds a password"

    def test_bind_mounted_files_exist(self, compose: Any, support: Any) -> None:
        for name, service in compose.services.items():
            for volume in service.get("volumes", []):
                source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
                if source.startswith("."):
                    assert (support.REPO / source).exists(), f"{name}: {source} does not exist"
            context = (service.get("build") or {}).get("context")
            if context:
                assert (support.REPO / context).is_dir(), f"{name}: build context {context} missing"

    def test_only_the_edge_is_published(self, compose: Any) -> None:
        for name, service in compose.services.items():
            for port in service.get("ports", []):
                published = str(port)
                if name != "traefik":
                    assert published.startswith("127.0.0.1:"), f"{name} publishes {published} beyond localhost"


class TestHealthAndOrder:
    def test_every_long_running_container_has_a_health_check(self, compose: Any) -> None:
        for name, service in compose.services.items():
            if is_one_shot(service):
                continue
            check = service.get("healthcheck")
            assert check and not check.get("disable"), f"{name} has no health check"
            assert check["test"][0] in ("CMD", "CMD-SHELL"), f"{name}: health check must run a command"

    def test_every_dependency_waits_for_a_condition(self, compose: Any) -> None:
        for name, service in compose.services.items():
            depends = service.get("depends_on") or {}
            assert isinstance(depends, dict), f"{name}: depends_on must name conditions"
            for target, spec in depends.items():
                condition = spec.get("condition")
                expected = ONE_SHOT_CONDITION if is_one_shot(compose.services[target]) else "service_healthy"
                assert condition == expected, f"{name} -> {target}: condition {condition}, expected {expected}"

    def test_a_service_starts_after_its_migration_nats_and_peers(
        self, compose: Any, backend: str, support: Any
    ) -> None:
        depends = compose.services[backend]["depends_on"]
        assert depends[migrate_service(backend)]["condition"] == ONE_SHOT_CONDITION
        assert depends["nats"]["condition"] == "service_healthy"
        for peer in support.peers_of(backend):
            assert depends[peer]["condition"] == "service_healthy", f"{backend} must wait for {peer}"

    def test_migration_waits_for_postgres(self, compose: Any, backend: str) -> None:
        migrate = compose.services[migrate_service(backend)]
        assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert is_one_shot(migrate)

    def test_gateway_starts_after_every_service_and_redis(self, compose: Any, support: Any) -> None:
        depends = compose.services["gateway"]["depends_on"]
        for name in [*support.BACKENDS, "redis", "nats"]:
            assert depends[name]["condition"] == "service_healthy"
        assert compose.services["traefik"]["depends_on"]["gateway"]["condition"] == "service_healthy"

    def test_backend_health_check_probes_its_grpc_port(self, compose: Any, backend: str, settings: Any) -> None:
        service = compose.services[backend]
        port = str(settings(backend).defaults["grpc_port"])
        assert service["healthcheck"]["test"] == ["CMD", "python", "-m", "rr_common.healthcheck", port]
        assert compose.environment(backend)[f"RR_{backend.upper()}_GRPC_PORT"] == port
        assert port in [str(p) for p in service["expose"]]

    def test_gateway_health_check_asks_ready(self, compose: Any, settings: Any) -> None:
        test = " ".join(compose.services["gateway"]["healthcheck"]["test"])
        port = settings("gateway").defaults["http_port"]
        assert f"http://127.0.0.1:{port}/ready" in test
        assert compose.environment("gateway")["RR_GATEWAY_HTTP_PORT"] == str(port)


class TestServiceContainers:
    def test_built_from_the_dockerfile_with_the_service_argument(self, compose: Any, service: str) -> None:
        spec = compose.services[service]
        assert spec["build"]["context"] == "."
        assert spec["build"]["args"]["SERVICE"] == service
        assert spec["image"].endswith(f"/{service}:latest")

    def test_hardened(self, compose: Any, service: str, support: Any) -> None:
        names = [service] if service == "gateway" else [service, migrate_service(service)]
        for name in names:
            spec = compose.services[name]
            assert spec["user"] == f"{support.RR_UID}:{support.RR_UID}"
            assert spec["read_only"] is True
            assert spec["cap_drop"] == ["ALL"]
            assert "no-new-privileges:true" in spec["security_opt"]
            assert any(str(t).startswith("/tmp") for t in spec["tmpfs"])

    def test_migration_runs_the_same_image_and_settings(self, compose: Any, backend: str) -> None:
        service, migrate = compose.services[backend], compose.services[migrate_service(backend)]
        assert migrate["command"] == ["python", "-m", f"rr_{backend}", "migrate"]
        assert migrate["image"] == service["image"]
        assert migrate["environment"] == service["environment"]
        assert migrate["networks"] == ["data"]

    def test_production_mode(self, compose: Any, service: str) -> None:
        env = compose.environment(service)
        assert env[f"RR_{service.upper()}_ENVIRONMENT"] == "production"
        assert env[f"RR_{service.upper()}_LOG_FORMAT"] == "json"

    def test_peer_targets_use_compose_names_and_ports(
        self, compose: Any, service: str, settings: Any, support: Any
    ) -> None:
        env = compose.environment(service)
        for peer in support.peers_of(service):
            assert (
                # dns:/// so that every replica of `docker compose up --scale <peer>=N` gets calls
                # (the channels balance round robin over the name's addresses).
                env[f"RR_{service.upper()}_{peer.upper()}_TARGET"]
                == f"dns:///{peer}:{settings(peer).defaults['grpc_port']}"
            )

    def test_database_url_points_at_its_own_database(self, compose: Any, backend: str) -> None:
        url = compose.environment(backend)[f"RR_{backend.upper()}_DATABASE_URL"]
        assert url.startswith(f"postgresql://rr_{backend}:")
        assert url.endswith(f"@postgres:5432/rr_{backend}")


class TestEnginesAndEdge:
    def test_postgres_init_creates_a_database_per_service(self, compose: Any, support: Any) -> None:
        script = (support.DEPLOY / "compose" / "postgres" / "init-databases.sh").read_text()
        assert "for service in auth catalog booking waitlist notify" in script
        env = compose.services["postgres"]["environment"]
        for backend in support.BACKENDS:
            assert f"{backend.upper()}_DB_PASSWORD" in env
        assert "btree_gist" in script

    def test_nats_has_jetstream_on_a_volume_and_a_password_from_env(self, compose: Any, support: Any) -> None:
        conf = (support.DEPLOY / "compose" / "nats" / "nats.conf").read_text()
        assert re.search(r"jetstream\s*\{[^}]*store_dir:\s*/data", conf)
        assert "password: $NATS_PASSWORD" in conf
        assert any(str(v).startswith("nats-data:/data") for v in compose.services["nats"]["volumes"])

    def test_traefik_routes_api_ws_and_web_to_the_gateway(self, support: Any, settings: Any) -> None:
        dynamic = support.load_yaml(support.DEPLOY / "compose" / "traefik" / "dynamic" / "routes.yml")["http"]
        static = support.load_yaml(support.DEPLOY / "compose" / "traefik" / "traefik.yml")
        rules = {r["rule"]: r for r in dynamic["routers"].values()}
        assert {"PathPrefix(`/api`)", "PathPrefix(`/ws`)"} <= set(rules)
        assert any(rule.startswith("PathPrefix(`/`)") and "!PathPrefix(`/metrics`)" in rule for rule in rules)
        port = settings("gateway").defaults["http_port"]
        assert dynamic["services"]["gateway"]["loadBalancer"]["servers"] == [{"url": f"http://gateway:{port}"}]
        defined = set(dynamic["middlewares"])
        for router in dynamic["routers"].values():
            assert router["service"] == "gateway"
            assert set(router.get("middlewares", [])) <= defined
            assert "tls" in router
        edge = static["entryPoints"]["websecure"]["http"]["middlewares"]
        assert {m.removesuffix("@file") for m in edge} <= defined
        assert any("rateLimit" in dynamic["middlewares"][m.removesuffix("@file")] for m in edge)
        assert any("headers" in dynamic["middlewares"][m.removesuffix("@file")] for m in edge)
        assert static["accessLog"]["format"] == "json"

    def test_prometheus_scrapes_every_metrics_endpoint(self, support: Any, settings: Any) -> None:
        config = support.load_yaml(support.DEPLOY / "compose" / "prometheus" / "prometheus.yml")
        jobs = {job["job_name"]: job for job in config["scrape_configs"]}
        for backend in support.BACKENDS:
            port = settings(backend).defaults["metrics_port"]
            assert jobs[backend]["static_configs"][0]["targets"] == [f"{backend}:{port}"]
        gateway_port = settings("gateway").defaults["http_port"]
        assert jobs["gateway"]["static_configs"][0]["targets"] == [f"gateway:{gateway_port}"]
        assert jobs["gateway"].get("metrics_path", "/metrics") == "/metrics"
        assert "traefik" in jobs
        assert config["rule_files"] == ["/etc/prometheus/alerts.yml"]

    @pytest.mark.parametrize("name", ["otel-collector", "jaeger", "prometheus"])
    def test_observability_is_an_optional_profile(self, compose: Any, name: str) -> None:
        assert compose.services[name]["profiles"] == ["observability"]

    def test_example_traces_endpoint_is_the_collector(self, support: Any) -> None:
        text = support.COMPOSE_ENV_EXAMPLE.read_text()
        assert "http://otel-collector:4318/v1/traces" in text
        collector = support.load_yaml(support.DEPLOY / "compose" / "otel-collector" / "config.yaml")
        assert collector["receivers"]["otlp"]["protocols"]["http"]["endpoint"].endswith(":4318")
