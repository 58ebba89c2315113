"""deploy/k8s: every overlay builds, validates against the Kubernetes schema and holds together."""

from __future__ import annotations

import re
from typing import Any

import kubernetes_validate
import pytest

from rr_common.grpc_server import LIVENESS
from rr_common.runtime import worst_case_stop_seconds

# Oldest Kubernetes the manifests promise to work on (README), and the newest schema we ship.
KUBERNETES_VERSIONS = ["1.30", kubernetes_validate.latest_version()]
CRD_KINDS = {"IngressRoute", "Middleware", "ServersTransport", "PodMonitor", "PrometheusRule"}
TRAEFIK_MIDDLEWARE_TYPES = {
    "addPrefix",
    "basicAuth",
    "buffering",
    "chain",
    "circuitBreaker",
    "compress",
    "contentType",
    "digestAuth",
    "errors",
    "forwardAuth",
    "grpcWeb",
    "headers",
    "ipAllowList",
    "inFlightReq",
    "passTLSClientCert",
    "plugin",
    "rateLimit",
    "redirectRegex",
    "redirectScheme",
    "replacePath",
    "replacePathRegex",
    "retry",
    "stripPrefix",
    "stripPrefixRegex",
}
FORWARDING_TIMEOUTS = {"dialTimeout", "responseHeaderTimeout", "idleConnTimeout", "readIdleTimeout", "pingTimeout"}
TARGETS = ["base", "overlays/dev", "overlays/prod"]
SERVICE_SET = {"auth", "catalog", "booking", "waitlist", "notify", "gateway"}


def name_of(obj: dict[str, Any]) -> str:
    return f"{obj['kind']}/{obj['metadata']['name']}"


def containers(workload: dict[str, Any], support: Any) -> list[dict[str, Any]]:
    spec = support.pod_spec(workload)
    return [*spec.get("initContainers", []), *spec["containers"]]


def rr_deployment(objects: tuple[dict[str, Any], ...], service: str, support: Any) -> dict[str, Any]:
    return support.by_name(objects, "Deployment")[service]


def config_data(objects: tuple[dict[str, Any], ...], service: str, support: Any) -> dict[str, str]:
    deployment = rr_deployment(objects, service, support)
    ref = support.pod_spec(deployment)["containers"][0]["envFrom"][0]["configMapRef"]["name"]
    return support.by_name(objects, "ConfigMap")[ref]["data"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("target", TARGETS)
class TestBuildAndSchema:
    def test_kustomize_builds(self, build: Any, target: str) -> None:
        assert build(target), f"{target} built nothing"

    @pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
    def test_objects_validate_against_the_kubernetes_schema(self, build: Any, target: str, version: str) -> None:
        errors = []
        for obj in build(target):
            if obj["kind"] in CRD_KINDS:
                continue
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as error:
                errors.append(f"{name_of(obj)} at {'/'.join(map(str, error.path))}: {error.message}")
            except kubernetes_validate.SchemaNotFoundError as error:
                errors.append(f"{name_of(obj)}: {error.message}")
        assert errors == []

    def test_custom_resources_have_their_required_fields(self, build: Any, target: str) -> None:
        objects = build(target)
        middlewares = set(kind_names(objects, "Middleware"))
        transports = set(kind_names(objects, "ServersTransport"))
        services = {svc["metadata"]["name"]: svc for svc in objects if svc["kind"] == "Service"}
        for obj in objects:
            kind, spec = obj["kind"], obj.get("spec") or {}
            if kind == "Middleware":
                assert obj["apiVersion"] == "traefik.io/v1alpha1"
                types = set(spec)
                assert len(types) == 1 and types <= TRAEFIK_MIDDLEWARE_TYPES, f"{name_of(obj)}: {types}"
            elif kind == "ServersTransport":
                assert obj["apiVersion"] == "traefik.io/v1alpha1"
                assert set(spec.get("forwardingTimeouts", {})) <= FORWARDING_TIMEOUTS
            elif kind == "IngressRoute":
                assert obj["apiVersion"] == "traefik.io/v1alpha1"
                assert spec["entryPoints"], f"{name_of(obj)}: no entryPoints"
                assert spec["routes"], f"{name_of(obj)}: no routes"
                for route in spec["routes"]:
                    assert route["kind"] == "Rule" and isinstance(route["match"], str) and route["match"]
                    assert route["match"].count("(") == route["match"].count(")")
                    for ref in route.get("middlewares", []):
                        assert ref["name"] in middlewares, f"{name_of(obj)}: unknown middleware {ref['name']}"
                    for backend in route["services"]:
                        assert backend["name"] in services, f"{name_of(obj)}: unknown Service {backend['name']}"
                        ports = {p.get("name") for p in services[backend["name"]]["spec"]["ports"]}
                        ports |= {p["port"] for p in services[backend["name"]]["spec"]["ports"]}
                        assert backend["port"] in ports
                        if "serversTransport" in backend:
                            assert backend["serversTransport"] in transports
            elif kind == "PodMonitor":
                assert obj["apiVersion"] == "monitoring.coreos.com/v1"
                assert spec["selector"] and spec["podMetricsEndpoints"]
                for endpoint in spec["podMetricsEndpoints"]:
                    assert endpoint.get("port") or endpoint.get("portNumber")
            elif kind == "PrometheusRule":
                assert obj["apiVersion"] == "monitoring.coreos.com/v1"
                for group in spec["groups"]:
                    assert group["name"] and group["rules"]
                    for rule in group["rules"]:
                        assert ("alert" in rule) != ("record" in rule) and rule["expr"]


def kind_names(objects: tuple[dict[str, Any], ...], kind: str) -> list[str]:
    return [obj["metadata"]["name"] for obj in objects if obj["kind"] == kind]


class TestWorkloads:
    def test_pods_are_hardened(self, build: Any, overlay: str, support: Any) -> None:
        for workload in support.workloads(build(f"overlays/{overlay}")):
            spec = support.pod_spec(workload)
            pod_security = spec.get("securityContext", {})
            assert pod_security.get("runAsNonRoot") is True, name_of(workload)
            assert pod_security.get("seccompProfile", {}).get("type") == "RuntimeDefault", name_of(workload)
            assert spec.get("automountServiceAccountToken") is False, name_of(workload)
            if support.rr_workload_service(workload):
                assert pod_security.get("runAsUser") == support.RR_UID
                assert pod_security.get("runAsGroup") == support.RR_UID
            for container in containers(workload, support):
                security = container.get("securityContext", {})
                where = f"{name_of(workload)} container {container['name']}"
                assert security.get("readOnlyRootFilesystem") is True, where
                assert security.get("allowPrivilegeEscalation") is False, where
                assert security.get("capabilities", {}).get("drop") == ["ALL"], where
                assert not security.get("privileged"), where

    def test_containers_have_requests_and_limits(self, build: Any, overlay: str, support: Any) -> None:
        for workload in support.workloads(build(f"overlays/{overlay}")):
            for container in containers(workload, support):
                resources = container.get("resources", {})
                for bound in ("requests", "limits"):
                    for resource in ("cpu", "memory"):
                        assert resource in resources.get(bound, {}), f"{name_of(workload)}: no {bound}.{resource}"

    def test_long_running_pods_have_readiness_and_liveness_probes(self, build: Any, overlay: str, support: Any) -> None:
        for workload in support.workloads(build(f"overlays/{overlay}")):
            if workload["kind"] == "Job":
                continue
            for container in support.pod_spec(workload)["containers"]:
                assert "readinessProbe" in container and "livenessProbe" in container, name_of(workload)

    def test_backends_use_native_grpc_probes_on_their_port(
        self, build: Any, overlay: str, backend: str, settings: Any, support: Any
    ) -> None:
        objects = build(f"overlays/{overlay}")
        container = support.pod_spec(rr_deployment(objects, backend, support))["containers"][0]
        port = settings(backend).defaults["grpc_port"]
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert container[probe]["grpc"]["port"] == port, f"{backend} {probe}"
        # Readiness follows the database, NATS and the consumers; liveness only the process, so an
        # outage of NATS takes replicas out of rotation instead of restarting them all.
        assert container["readinessProbe"]["grpc"].get("service", "") == ""
        assert container["livenessProbe"]["grpc"]["service"] == LIVENESS

    def test_gateway_probes_live_and_ready(self, build: Any, overlay: str, support: Any) -> None:
        container = support.pod_spec(rr_deployment(build(f"overlays/{overlay}"), "gateway", support))["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
        assert container["livenessProbe"]["httpGet"]["path"] == "/live"
        assert container["readinessProbe"]["httpGet"]["port"] == "http"

    def test_graceful_termination(self, build: Any, overlay: str, service: str, settings: Any, support: Any) -> None:
        deployment = rr_deployment(build(f"overlays/{overlay}"), service, support)
        spec = support.pod_spec(deployment)
        pre_stop = spec["containers"][0]["lifecycle"]["preStop"]
        sleep = int(pre_stop["exec"]["command"][-1]) if "exec" in pre_stop else pre_stop["sleep"]["seconds"]
        drain = settings(service).defaults.get("grpc_grace_seconds", 10)
        assert spec["terminationGracePeriodSeconds"] >= sleep + drain + 5
        if service != "gateway":
            # Every bounded stop step may run to its bound; the pod must not be killed mid-way.
            assert spec["terminationGracePeriodSeconds"] >= sleep + worst_case_stop_seconds(drain) + 5
        assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0

    def test_writable_tmp_only(self, build: Any, overlay: str, support: Any) -> None:
        for workload in support.workloads(build(f"overlays/{overlay}")):
            if not support.rr_workload_service(workload):
                continue
            volumes = {v["name"]: v for v in support.pod_spec(workload).get("volumes", [])}
            for container in containers(workload, support):
                mounts = container.get("volumeMounts", [])
                assert [m["mountPath"] for m in mounts] == ["/tmp"], name_of(workload)
                assert "emptyDir" in volumes[mounts[0]["name"]]

    def test_images_and_commands_match_the_service(self, build: Any, overlay: str, support: Any) -> None:
        seen = set()
        for workload in support.workloads(build(f"overlays/{overlay}")):
            service = support.rr_workload_service(workload)
            if service is None:
                continue
            container = support.pod_spec(workload)["containers"][0]
            repository, _, tag = container["image"].rpartition(":")
            assert repository.split("/")[-2:] == ["resource-reserver", service], container["image"]
            assert tag, f"{name_of(workload)}: image without a tag"
            expected = "migrate" if workload["kind"] == "Job" else "serve"
            assert container["command"] + container["args"] == ["python", "-m", f"rr_{service}", expected]
            seen.add((service, workload["kind"]))
        for backend in support.BACKENDS:
            assert (backend, "Deployment") in seen and (backend, "Job") in seen
        assert ("gateway", "Deployment") in seen

    def test_ports_agree_with_the_settings(
        self, build: Any, overlay: str, service: str, settings: Any, support: Any
    ) -> None:
        objects = build(f"overlays/{overlay}")
        defaults = settings(service).defaults
        container = support.pod_spec(rr_deployment(objects, service, support))["containers"][0]
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        data = config_data(objects, service, support)
        up = service.upper()
        if service == "gateway":
            assert ports == {"http": defaults["http_port"]}
            assert data["RR_GATEWAY_HTTP_PORT"] == str(defaults["http_port"])
        else:
            assert ports == {"grpc": defaults["grpc_port"], "metrics": defaults["metrics_port"]}
            assert data[f"RR_{up}_GRPC_PORT"] == str(defaults["grpc_port"])
            assert data[f"RR_{up}_METRICS_PORT"] == str(defaults["metrics_port"])
        service_ports = {p["name"]: p["port"] for p in support.by_name(objects, "Service")[service]["spec"]["ports"]}
        assert service_ports == ports

    def test_peer_targets_name_existing_services_and_ports(
        self, build: Any, overlay: str, service: str, settings: Any, support: Any
    ) -> None:
        objects = build(f"overlays/{overlay}")
        data = config_data(objects, service, support)
        services = support.by_name(objects, "Service")
        for peer in support.peers_of(service):
            # Client-side balancing: the name of a headless Service resolves to every ready pod.
            target = data[f"RR_{service.upper()}_{peer.upper()}_TARGET"]
            assert target.startswith("dns:///"), target
            host, port = target.removeprefix("dns:///").split(":")
            assert host == f"{peer}-headless" and int(port) == settings(peer).defaults["grpc_port"]
            assert int(port) in {p["port"] for p in services[host]["spec"]["ports"]}
            assert services[host]["spec"]["clusterIP"] == "None", f"Service {host} must be headless"
            assert services[host]["spec"]["selector"] == services[peer]["spec"]["selector"]

    def test_migration_jobs_share_the_deployment_settings(
        self, build: Any, overlay: str, backend: str, support: Any
    ) -> None:
        objects = build(f"overlays/{overlay}")
        server = support.pod_spec(rr_deployment(objects, backend, support))["containers"][0]
        job = support.by_name(objects, "Job")[f"{backend}-migrate"]
        migrate = support.pod_spec(job)["containers"][0]
        assert migrate["image"] == server["image"]
        assert migrate["envFrom"] == server["envFrom"] and migrate["env"] == server["env"]
        assert support.pod_spec(job)["restartPolicy"] == "Never"
        assert job["spec"]["backoffLimit"] >= 1 and job["spec"]["activeDeadlineSeconds"] > 0


class TestWiring:
    def test_services_select_exactly_one_workload(self, build: Any, overlay: str, support: Any) -> None:
        objects = build(f"overlays/{overlay}")
        for service in support.objects_of(objects, "Service"):
            selector = {"matchLabels": service["spec"]["selector"]}
            matched = [
                w for w in support.workloads(objects) if support.selector_matches(selector, support.pod_labels(w))
            ]
            assert len(matched) == 1, f"Service {service['metadata']['name']} selects {[name_of(w) for w in matched]}"
            port_names = {p.get("name") for c in containers(matched[0], support) for p in c.get("ports", [])}
            for port in service["spec"]["ports"]:
                assert port["targetPort"] in port_names, f"Service {service['metadata']['name']}: {port['targetPort']}"

    def test_autoscalers_and_budgets_point_at_deployments(self, build: Any, overlay: str, support: Any) -> None:
        objects = build(f"overlays/{overlay}")
        deployments = support.by_name(objects, "Deployment")
        scaled = {
            hpa["spec"]["scaleTargetRef"]["name"] for hpa in support.objects_of(objects, "HorizontalPodAutoscaler")
        }
        assert scaled == set(support.SERVICES)
        assert scaled <= set(deployments)
        for name in scaled:
            assert "replicas" not in deployments[name]["spec"], f"{name}: the HPA owns the replica count"
        budgets = support.objects_of(objects, "PodDisruptionBudget")
        for service in support.SERVICES:
            labels = support.pod_labels(deployments[service])
            assert any(support.selector_matches(b["spec"]["selector"], labels) for b in budgets), service
        for budget in budgets:
            assert any(
                support.selector_matches(budget["spec"]["selector"], support.pod_labels(w))
                for w in support.workloads(objects)
            )

    def test_every_service_has_its_own_service_account_and_config(
        self, build: Any, overlay: str, service: str, support: Any
    ) -> None:
        objects = build(f"overlays/{overlay}")
        spec = support.pod_spec(rr_deployment(objects, service, support))
        assert spec["serviceAccountName"] == service
        assert service in support.by_name(objects, "ServiceAccount")
        assert config_data(objects, service, support)

    def test_secret_references_resolve_where_secrets_are_generated(self, build: Any, support: Any) -> None:
        objects = build("overlays/dev")
        secrets = support.by_name(objects, "Secret")
        for workload in support.workloads(objects):
            for container in containers(workload, support):
                for entry in container.get("env", []):
                    ref = entry.get("valueFrom", {}).get("secretKeyRef")
                    if ref and not ref.get("optional"):
                        assert ref["name"] in secrets, f"{name_of(workload)}: Secret {ref['name']} missing"
                        assert ref["key"] in secrets[ref["name"]].get("data", {}), f"{ref['name']} lacks {ref['key']}"

    def test_only_deployments_are_labelled_server(self, build: Any, overlay: str) -> None:
        """The README's 'migrate, then start' applies everything with component!=server first."""
        for obj in build(f"overlays/{overlay}"):
            component = obj["metadata"].get("labels", {}).get("app.kubernetes.io/component")
            assert (component == "server") == (
                obj["kind"] == "Deployment" and obj["metadata"]["name"] in SERVICE_SET
            ), name_of(obj)
            if obj["kind"] == "Job":
                assert component == "migration"

    def test_one_namespace(self, build: Any, overlay: str) -> None:
        for obj in build(f"overlays/{overlay}"):
            if obj["kind"] != "Namespace":
                assert obj["metadata"]["namespace"] == "resource-reserver", name_of(obj)
            else:
                assert obj["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"

    def test_the_gateway_is_behind_an_ingressroute_with_middlewares(self, build: Any, overlay: str) -> None:
        objects = build(f"overlays/{overlay}")
        routes = [o for o in objects if o["kind"] == "IngressRoute"]
        assert len(routes) == 1
        spec = routes[0]["spec"]
        matches = [route["match"] for route in spec["routes"]]
        for prefix in ("/api", "/ws", "/"):
            assert any(f"PathPrefix(`{prefix}`)" in m for m in matches), prefix
        assert all("!PathPrefix(`/metrics`)" in m for m in matches if "PathPrefix(`/`)" in m)
        for route in spec["routes"]:
            names = {m["name"] for m in route["middlewares"]}
            assert {"rate-limit", "security-headers"} <= names
            assert [s["name"] for s in route["services"]] == ["gateway"]
        assert "tls" in spec

    def test_alert_rules_are_the_compose_rules(self, build: Any, support: Any) -> None:
        rule = next(o for o in build("overlays/prod") if o["kind"] == "PrometheusRule")
        assert rule["spec"] == support.load_yaml(support.ALERTS_FILE)

    def test_podmonitor_scrapes_every_metrics_port(self, build: Any, support: Any) -> None:
        objects = build("overlays/prod")
        monitor = next(o for o in objects if o["kind"] == "PodMonitor")
        ports = {e["port"] for e in monitor["spec"]["podMetricsEndpoints"]}
        assert monitor["spec"]["jobLabel"] == "app.kubernetes.io/name"
        for service in support.SERVICES:
            deployment = rr_deployment(objects, service, support)
            assert support.selector_matches(monitor["spec"]["selector"], support.pod_labels(deployment))
            names = {p["name"] for p in support.pod_spec(deployment)["containers"][0]["ports"]}
            assert names & ports, f"{service}: no scraped port"


class TestOverlays:
    def test_dev_runs_single_replicas_with_in_cluster_dependencies(self, build: Any, support: Any) -> None:
        objects = build("overlays/dev")
        for hpa in support.objects_of(objects, "HorizontalPodAutoscaler"):
            assert hpa["spec"]["minReplicas"] == hpa["spec"]["maxReplicas"] == 1
        statefulsets = support.by_name(objects, "StatefulSet")
        assert statefulsets["nats"]["spec"]["replicas"] == 3
        assert (
            "-js" in " ".join(statefulsets["nats"]["spec"]["template"]["spec"]["containers"][0].get("args", []))
            or "jetstream"
            in support.by_name(objects, "ConfigMap")[
                support.pod_spec(statefulsets["nats"])["volumes"][0]["configMap"]["name"]
            ]["data"]["nats.conf"]
        )
        for backend in support.BACKENDS:
            assert f"postgres-{backend}" in statefulsets
        assert "redis" in support.by_name(objects, "Deployment")

    def test_dev_database_urls_match_the_in_cluster_databases(self, build: Any, support: Any) -> None:
        import base64

        objects = build("overlays/dev")
        secrets = support.by_name(objects, "Secret")
        statefulsets = support.by_name(objects, "StatefulSet")

        def secret_value(name: str, key: str) -> str:
            return base64.b64decode(secrets[name]["data"][key]).decode()

        for backend in support.BACKENDS:
            server = support.pod_spec(rr_deployment(objects, backend, support))["containers"][0]
            ref = next(e for e in server["env"] if e["name"].endswith("_DATABASE_URL"))["valueFrom"]["secretKeyRef"]
            url = secret_value(ref["name"], ref["key"])
            postgres = support.pod_spec(statefulsets[f"postgres-{backend}"])["containers"][0]
            env = {e["name"]: e for e in postgres["env"]}
            pw_ref = env["POSTGRES_PASSWORD"]["valueFrom"]["secretKeyRef"]
            password = secret_value(pw_ref["name"], pw_ref["key"])
            user, db = env["POSTGRES_USER"]["value"], env["POSTGRES_DB"]["value"]
            assert url == f"postgresql://{user}:{password}@postgres-{backend}:5432/{db}"

    def test_prod_has_at_least_two_replicas_spread_over_nodes(self, build: Any, support: Any) -> None:
        objects = build("overlays/prod")
        for hpa in support.objects_of(objects, "HorizontalPodAutoscaler"):
            assert hpa["spec"]["minReplicas"] >= 2
            assert hpa["spec"]["maxReplicas"] > hpa["spec"]["minReplicas"]
        for service in support.SERVICES:
            deployment = rr_deployment(objects, service, support)
            spec = support.pod_spec(deployment)
            terms = spec["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
            labels = support.pod_labels(deployment)
            assert any(support.selector_matches(t["podAffinityTerm"]["labelSelector"], labels) for t in terms)
            assert {c["topologyKey"] for c in spec["topologySpreadConstraints"]} >= {
                "kubernetes.io/hostname",
                "topology.kubernetes.io/zone",
            }

    def test_prod_has_no_in_cluster_dependencies_and_no_secrets(self, build: Any, support: Any) -> None:
        objects = build("overlays/prod")
        assert support.objects_of(objects, "Secret") == [], "production Secrets are created out of band"
        assert support.objects_of(objects, "StatefulSet") == []
        assert {support.rr_workload_service(w) for w in support.workloads(objects)} == set(support.SERVICES)
        text = repr(objects)
        assert "dev-only" not in text

    def test_prod_settings(self, build: Any, service: str, support: Any) -> None:
        objects = build("overlays/prod")
        data = config_data(objects, service, support)
        up = service.upper()
        assert data[f"RR_{up}_ENVIRONMENT"] == "production"
        assert data[f"RR_{up}_NATS_URL"].startswith("nats://") and data[f"RR_{up}_NATS_URL"] != "nats://nats:4222"
        image = support.pod_spec(rr_deployment(objects, service, support))["containers"][0]["image"]
        assert not image.endswith((":latest", ":dev"))
        route = next(o for o in objects if o["kind"] == "IngressRoute")
        assert route["spec"]["tls"].get("secretName")
        assert all("Host(" in r["match"] for r in route["spec"]["routes"])

    def test_prod_secret_names_are_documented(self, build: Any, support: Any) -> None:
        readme = support.README.read_text()
        for workload in support.workloads(build("overlays/prod")):
            for container in containers(workload, support):
                for entry in container.get("env", []):
                    ref = entry.get("valueFrom", {}).get("secretKeyRef")
                    if ref:
                        assert ref["name"] in readme and ref["key"] in readme, f"README must explain {ref}"

    def test_every_component_is_used_by_an_overlay(self, support: Any) -> None:
        used = set()
        for overlay in support.OVERLAYS:
            kustomization = support.load_yaml(support.K8S / "overlays" / overlay / "kustomization.yaml")
            used |= {c.rsplit("/", 1)[-1] for c in kustomization.get("components", [])}
        present = {p.name for p in (support.K8S / "components").iterdir() if p.is_dir()}
        assert present == used

    def test_no_stray_manifest_files(self, support: Any) -> None:
        """Every YAML file under deploy/k8s is referenced by its directory's kustomization."""
        for directory in [p for p in support.K8S.rglob("*") if p.is_dir()] + [support.K8S]:
            kustomization = directory / "kustomization.yaml"
            files = {p.name for p in directory.iterdir() if p.suffix in (".yaml", ".yml", ".env", ".conf")}
            if not kustomization.exists():
                assert not files, f"{directory} has manifests but no kustomization.yaml"
                continue
            text = kustomization.read_text()
            for name in files - {"kustomization.yaml"}:
                assert re.search(rf"(^|[\s\[/=,-]){re.escape(name)}", text), f"{directory.name}/{name} is not used"
