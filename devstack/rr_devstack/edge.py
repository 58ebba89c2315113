"""The edge's configuration, from one source: the Traefik files docker-compose.yml mounts
(`deploy/compose/traefik/traefik.yml` and `dynamic/routes.yml`).

The dev stack's Traefik is generated from them (same routers, rules, priorities, middlewares,
entry-point middlewares, transport and timeouts), with only what a laptop needs changed: one
plain-HTTP entry point on loopback, no TLS, and every gateway replica as a server of the one
load balancer (no sticky sessions). `kubernetes_expectations` derives from the same files what
deploy/k8s's Middlewares, IngressRoute and ServersTransport must say; tests/deploy compares them,
so the three edges cannot drift apart.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# The entry point every router uses in Compose; the dev stack keeps its name, without TLS.
ENTRY_POINT = "websecure"
PROVIDER_SUFFIX = "@file"
# Compose's middleware names and the Kubernetes Middleware objects that carry the same spec.
KUBERNETES_MIDDLEWARE_NAMES = {
    "edge-rate-limit": "rate-limit",
    "edge-security-headers": "security-headers",
    "api-body-limit": "api-body-limit",
    "web-compress": "compress",
}


def traefik_dir(repo: Path) -> Path:
    return repo / "deploy" / "compose" / "traefik"


@dataclass(frozen=True)
class EdgeSource:
    """The Compose Traefik configuration, parsed."""

    static: dict[str, Any]
    dynamic: dict[str, Any]

    @classmethod
    def load(cls, repo: Path) -> EdgeSource:
        folder = traefik_dir(repo)
        static = yaml.safe_load((folder / "traefik.yml").read_text())
        dynamic = yaml.safe_load((folder / "dynamic" / "routes.yml").read_text())
        return cls(static, dynamic)

    @property
    def entry_point(self) -> dict[str, Any]:
        entry: dict[str, Any] = self.static["entryPoints"][ENTRY_POINT]
        return entry

    @property
    def entry_middlewares(self) -> list[str]:
        """Middlewares every request passes first, before any router's own (names without @file)."""
        return [m.removesuffix(PROVIDER_SUFFIX) for m in self.entry_point.get("http", {}).get("middlewares", [])]

    @property
    def http(self) -> dict[str, Any]:
        http: dict[str, Any] = self.dynamic["http"]
        return http


def devstack_static(source: EdgeSource, *, host: str, port: int, ping_port: int, dynamic_file: Path) -> dict[str, Any]:
    """Traefik's static configuration for the dev stack."""
    entry = copy.deepcopy(source.entry_point)
    entry["address"] = f"{host}:{port}"
    entry.get("http", {}).pop("tls", None)
    static: dict[str, Any] = {
        key: copy.deepcopy(source.static[key]) for key in ("global", "log", "accessLog", "api") if key in source.static
    }
    static["entryPoints"] = {ENTRY_POINT: entry, "internal": {"address": f"{host}:{ping_port}"}}
    static["ping"] = {"entryPoint": "internal"}
    static["providers"] = {"file": {"filename": str(dynamic_file), "watch": False}}
    return static


def devstack_dynamic(source: EdgeSource, gateway_urls: list[str]) -> dict[str, Any]:
    """Routers and middlewares as in Compose; the gateway service balances over every replica."""
    http = copy.deepcopy(source.http)
    for router in http["routers"].values():
        router.pop("tls", None)  # plain HTTP on loopback
    for service in http["services"].values():
        balancer = service["loadBalancer"]
        balancer["servers"] = [{"url": url} for url in gateway_urls]
        balancer.pop("sticky", None)  # any replica may answer any request
    return {"http": http}


def kubernetes_expectations(source: EdgeSource) -> dict[str, Any]:
    """What deploy/k8s must hold for its edge to match Compose's.

    ``middlewares``: Kubernetes name -> spec. ``routes``: (match, priority) -> the middleware
    chain a request passes (entry-point middlewares first, as an IngressRoute lists them).
    ``servers_transport``: the ServersTransport spec.
    """
    http = source.http
    middlewares = {KUBERNETES_MIDDLEWARE_NAMES[name]: spec for name, spec in http["middlewares"].items()}
    entry = [KUBERNETES_MIDDLEWARE_NAMES[m] for m in source.entry_middlewares]
    routes = {
        (router["rule"], router["priority"]): entry
        + [KUBERNETES_MIDDLEWARE_NAMES[m] for m in router.get("middlewares", [])]
        for router in http["routers"].values()
    }
    transports = list(http.get("serversTransports", {}).values())
    return {"middlewares": middlewares, "routes": routes, "servers_transport": transports[0] if transports else None}
