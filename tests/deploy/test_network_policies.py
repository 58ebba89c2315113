"""NetworkPolicies: default deny, selectors that match real pods, and exactly the flows conventions.md names."""

from __future__ import annotations

from typing import Any


def policies(objects: tuple[dict[str, Any], ...], support: Any) -> list[dict[str, Any]]:
    return support.objects_of(objects, "NetworkPolicy")


def pods(objects: tuple[dict[str, Any], ...], support: Any) -> list[tuple[dict[str, str], dict[str, Any]]]:
    return [(support.pod_labels(w), w) for w in support.workloads(objects)]


def container_ports(workload: dict[str, Any], support: Any) -> set[int]:
    return {p["containerPort"] for c in support.pod_spec(workload)["containers"] for p in c.get("ports", [])}


def peers_in(rule: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return rule.get(key) or []


def allows_ingress(
    policy_list: list[dict[str, Any]], target: dict[str, str], source: dict[str, str], port: int, support: Any
) -> bool:
    for policy in policy_list:
        spec = policy["spec"]
        if "Ingress" not in spec["policyTypes"] or not support.selector_matches(spec["podSelector"], target):
            continue
        for rule in spec.get("ingress", []):
            ports = {p["port"] for p in rule.get("ports", [])}
            if ports and port not in ports:
                continue
            for peer in peers_in(rule, "from"):
                if "namespaceSelector" not in peer and support.selector_matches(peer.get("podSelector"), source):
                    return True
    return False


def allows_egress(
    policy_list: list[dict[str, Any]], source: dict[str, str], target: dict[str, str] | None, port: int, support: Any
) -> bool:
    """target None: a destination outside the namespace (a managed database, the internet)."""
    for policy in policy_list:
        spec = policy["spec"]
        if "Egress" not in spec["policyTypes"] or not support.selector_matches(spec["podSelector"], source):
            continue
        for rule in spec.get("egress", []):
            ports = {p["port"] for p in rule.get("ports", [])}
            if ports and port not in ports:
                continue
            destinations = peers_in(rule, "to")
            if not destinations:
                return True
            if target is not None and any(
                "namespaceSelector" not in d and support.selector_matches(d.get("podSelector"), target)
                for d in destinations
            ):
                return True
    return False


def server_labels(objects: tuple[dict[str, Any], ...], service: str, support: Any) -> dict[str, str]:
    return support.pod_labels(support.by_name(objects, "Deployment")[service])


def test_default_deny_for_everything(build: Any, overlay: str, support: Any) -> None:
    found = policies(build(f"overlays/{overlay}"), support)
    deny = [
        p
        for p in found
        if p["spec"]["podSelector"] == {}
        and set(p["spec"]["policyTypes"]) == {"Ingress", "Egress"}
        and not p["spec"].get("ingress")
        and not p["spec"].get("egress")
    ]
    assert deny, "no default-deny policy"


def test_selectors_reference_existing_pods(build: Any, overlay: str, support: Any) -> None:
    objects = build(f"overlays/{overlay}")
    labels = [lbl for lbl, _ in pods(objects, support)]
    for policy in policies(objects, support):
        name = policy["metadata"]["name"]
        spec = policy["spec"]
        if spec["podSelector"]:
            assert any(support.selector_matches(spec["podSelector"], lbl) for lbl in labels), (
                f"{name}: podSelector matches no pod"
            )
        for rule in [*spec.get("ingress", []), *spec.get("egress", [])]:
            for peer in [*peers_in(rule, "from"), *peers_in(rule, "to")]:
                if "namespaceSelector" in peer or "ipBlock" in peer:
                    continue  # another namespace or outside the cluster
                selector = peer["podSelector"]
                assert any(support.selector_matches(selector, lbl) for lbl in labels), (
                    f"{name}: {selector} matches no pod"
                )
                for expression in selector.get("matchExpressions", []):
                    for value in expression.get("values", []):
                        assert any(lbl.get(expression["key"]) == value for lbl in labels), f"{name}: no pod {value}"


def test_ingress_ports_exist_on_the_selected_pods(build: Any, overlay: str, support: Any) -> None:
    objects = build(f"overlays/{overlay}")
    for policy in policies(objects, support):
        spec = policy["spec"]
        selected = [w for lbl, w in pods(objects, support) if support.selector_matches(spec["podSelector"], lbl)]
        for rule in spec.get("ingress", []):
            for port in rule.get("ports", []):
                assert any(port["port"] in container_ports(w, support) for w in selected), (
                    f"{policy['metadata']['name']}: port {port['port']} is on none of its pods"
                )


def test_only_traefik_and_prometheus_reach_the_gateway(build: Any, overlay: str, support: Any) -> None:
    objects = build(f"overlays/{overlay}")
    gateway = server_labels(objects, "gateway", support)
    rules = [
        r
        for p in policies(objects, support)
        if support.selector_matches(p["spec"]["podSelector"], gateway)
        for r in p["spec"].get("ingress", [])
    ]
    namespaces = set()
    for rule in rules:
        for peer in rule["from"]:
            assert "namespaceSelector" in peer, "no pod of the namespace may call the gateway"
            namespaces.add(peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"])
    assert namespaces == {"traefik", "monitoring"}
    traefik = next(
        peer
        for rule in rules
        for peer in rule["from"]
        if peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] == "traefik"
    )
    assert traefik["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "traefik"}


def test_each_service_is_reached_only_by_its_callers(
    build: Any, overlay: str, backend: str, settings: Any, support: Any
) -> None:
    objects = build(f"overlays/{overlay}")
    found = policies(objects, support)
    target = server_labels(objects, backend, support)
    port = settings(backend).defaults["grpc_port"]
    for caller in support.SERVICES:
        if caller == backend:
            continue
        source = server_labels(objects, caller, support)
        expected = caller in support.callers_of(backend)
        assert allows_ingress(found, target, source, port, support) is expected, f"{caller} -> {backend} ingress"
        assert allows_egress(found, source, target, port, support) is expected, f"{caller} -> {backend} egress"


def test_services_reach_nats_and_databases(build: Any, overlay: str, backend: str, support: Any) -> None:
    objects = build(f"overlays/{overlay}")
    found = policies(objects, support)
    for workload in support.workloads(objects):
        if support.rr_workload_service(workload) != backend:
            continue
        source = support.pod_labels(workload)
        assert allows_egress(found, source, None, 5432, support), (
            f"{workload['metadata']['name']} cannot reach PostgreSQL"
        )
        if workload["kind"] != "Job":
            assert allows_egress(found, source, None, 4222, support), f"{backend} cannot reach NATS"


def test_in_cluster_databases_accept_only_their_service(build: Any, support: Any) -> None:
    objects = build("overlays/dev")
    found = policies(objects, support)
    databases = support.by_name(objects, "StatefulSet")
    for owner in support.BACKENDS:
        database = support.pod_labels(databases[f"postgres-{owner}"])
        for service in support.SERVICES:
            source = server_labels(objects, service, support)
            assert allows_ingress(found, database, source, 5432, support) is (service == owner), (
                f"{service} -> postgres-{owner}"
            )
        job = support.pod_labels(support.by_name(objects, "Job")[f"{owner}-migrate"])
        assert allows_ingress(found, database, job, 5432, support)


def test_in_cluster_nats_and_redis_accept_their_clients(build: Any, support: Any) -> None:
    objects = build("overlays/dev")
    found = policies(objects, support)
    nats = support.pod_labels(support.by_name(objects, "StatefulSet")["nats"])
    redis = support.pod_labels(support.by_name(objects, "Deployment")["redis"])
    for service in support.SERVICES:
        source = server_labels(objects, service, support)
        assert allows_ingress(found, nats, source, 4222, support), f"{service} -> nats"
        assert allows_ingress(found, redis, source, 6379, support) is (service == "gateway")
    assert allows_ingress(found, nats, nats, 6222, support) and allows_egress(found, nats, nats, 6222, support)


def test_everyone_may_resolve_names(build: Any, overlay: str, support: Any) -> None:
    found = policies(build(f"overlays/{overlay}"), support)
    assert any(
        p["spec"]["podSelector"] == {}
        and any({"port": 53, "protocol": "UDP"} in rule.get("ports", []) for rule in p["spec"].get("egress", []))
        for p in found
    )
