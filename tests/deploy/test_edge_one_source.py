"""One edge, three places: Compose's Traefik files are the source; the dev stack's Traefik is
generated from them (rr_devstack.edge) and deploy/k8s's Middlewares, IngressRoute and
ServersTransport must say the same. A limit changed in one place only fails here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rr_devstack.edge import ENTRY_POINT, EdgeSource, devstack_dynamic, devstack_static, kubernetes_expectations

_HOST = re.compile(r"^Host\(`[^`]+`\) && ")


def source(support: Any) -> EdgeSource:
    return EdgeSource.load(support.REPO)


def test_kubernetes_middlewares_are_composes(build: Any, overlay: str, support: Any) -> None:
    objects = build(f"overlays/{overlay}")
    middlewares = {m["metadata"]["name"]: m["spec"] for m in support.objects_of(objects, "Middleware")}
    assert middlewares == kubernetes_expectations(source(support))["middlewares"]


def test_the_ingressroute_routes_and_chains_like_compose(build: Any, overlay: str, support: Any) -> None:
    (route,) = support.objects_of(build(f"overlays/{overlay}"), "IngressRoute")
    routes = {
        (_HOST.sub("", r["match"]), r["priority"]): [m["name"] for m in r["middlewares"]]
        for r in route["spec"]["routes"]
    }
    assert routes == kubernetes_expectations(source(support))["routes"]
    for r in route["spec"]["routes"]:
        for service in r["services"]:
            assert service["serversTransport"] == "gateway" and "sticky" not in service


def test_the_servers_transport_is_composes(build: Any, support: Any) -> None:
    (transport,) = support.objects_of(build("base"), "ServersTransport")
    assert transport["spec"] == kubernetes_expectations(source(support))["servers_transport"]


def test_the_dev_stack_edge_is_generated_from_compose(support: Any, tmp_path: Path) -> None:
    edge = source(support)
    urls = ["http://127.0.0.1:1001", "http://127.0.0.1:1002"]
    dynamic = devstack_dynamic(edge, urls)["http"]
    compose = edge.http
    assert dynamic["middlewares"] == compose["middlewares"]
    assert dynamic["serversTransports"] == compose["serversTransports"]
    for name, router in compose["routers"].items():
        assert dynamic["routers"][name] == {k: v for k, v in router.items() if k != "tls"}
    (balancer,) = (s["loadBalancer"] for s in dynamic["services"].values())
    assert balancer["servers"] == [{"url": u} for u in urls] and "sticky" not in balancer
    static = devstack_static(edge, host="127.0.0.1", port=8000, ping_port=8001, dynamic_file=tmp_path / "d.yml")
    entry = static["entryPoints"][ENTRY_POINT]
    assert entry["http"]["middlewares"] == edge.entry_point["http"]["middlewares"]
    assert entry["transport"] == edge.entry_point["transport"]
    assert entry["address"] == "127.0.0.1:8000" and "tls" not in entry["http"]
