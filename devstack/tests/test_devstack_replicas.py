"""Replicas and the Traefik edge of the dev stack: addresses and targets (no processes), and the
real Traefik balancing over two stand-in gateways with Compose's limits."""

from __future__ import annotations

import http.server
import threading
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rr_devstack import cli
from rr_devstack.edge import EdgeSource
from rr_devstack.infra import Infra
from rr_devstack.ports import free_port
from rr_devstack.stack import Stack
from rr_devstack.traefik import TraefikEdge

REPO = Path(__file__).resolve().parents[2]


def paper_infra(tmp_path: Path) -> Infra:
    """Addresses only: nothing here starts a process."""
    return Infra(
        data_dir=tmp_path,
        admin_database_url="postgresql://postgres@127.0.0.1:1/postgres",
        nats_url="nats://127.0.0.1:1",
        redis_url=None,
    )


def test_one_replica_keeps_plain_targets_and_no_edge(tmp_path: Path) -> None:
    stack = Stack(paper_infra(tmp_path))
    assert stack.replica_names("catalog") == ["catalog"]
    assert stack.grpc_target("catalog") == stack.grpc_address("catalog")
    assert not stack.grpc_target("catalog").startswith("ipv4:")
    assert stack.edge is None and stack.public_url == stack.gateway_url


def test_replicas_get_own_ports_and_peers_list_every_replica(tmp_path: Path) -> None:
    stack = Stack(
        paper_infra(tmp_path),
        replicas={"catalog": 2, "gateway": 2},
        extra_env={"catalog": {"X_ALL": "1"}, "catalog-2": {"X_ALL": "2"}},
    )
    assert stack.replica_names("catalog") == ["catalog", "catalog-2"]
    assert stack.replica_names("booking") == ["booking"]
    first, second = (stack.env_for(n) for n in stack.replica_names("catalog"))
    assert first["RR_CATALOG_GRPC_PORT"] != second["RR_CATALOG_GRPC_PORT"]
    assert first["RR_CATALOG_METRICS_PORT"] != second["RR_CATALOG_METRICS_PORT"]
    assert (first["X_ALL"], second["X_ALL"]) == ("1", "2")
    target = f"ipv4:127.0.0.1:{first['RR_CATALOG_GRPC_PORT']},127.0.0.1:{second['RR_CATALOG_GRPC_PORT']}"
    assert stack.grpc_target("catalog") == target
    assert stack.env_for("booking")["RR_BOOKING_CATALOG_TARGET"] == target
    assert stack.env_for("gateway-2")["RR_GATEWAY_CATALOG_TARGET"] == target
    ports = {stack.env_for(n)["RR_GATEWAY_HTTP_PORT"] for n in stack.replica_names("gateway")}
    assert len(ports) == 2 and len(stack.gateway_urls) == 2


def test_with_an_edge_traefik_takes_the_public_port(tmp_path: Path) -> None:
    port = free_port()
    stack = Stack(paper_infra(tmp_path), replicas=2, edge=True, http_port=port, repo=REPO)
    assert stack.public_url == f"http://127.0.0.1:{port}"
    assert all(not url.endswith(f":{port}") for url in stack.gateway_urls)


def test_replicas_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RR_REPLICAS", raising=False)
    assert cli.choose_replicas(None) == 1
    monkeypatch.setenv("RR_REPLICAS", "2")
    assert cli.choose_replicas(None) == 2 and cli.choose_replicas(3) == 3
    with pytest.raises(ValueError):
        cli.choose_replicas(0)


class _Named(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # the http.server API
        body = self.server.server_address[1].to_bytes(4, "big").hex().encode()  # which replica
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def two_gateways() -> Iterator[list[str]]:
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _Named) for _ in range(2)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield [f"http://127.0.0.1:{s.server_address[1]}" for s in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), ""


def test_traefik_balances_over_the_gateways_with_composes_edge(tmp_path: Path, two_gateways: list[str]) -> None:
    edge = TraefikEdge(
        EdgeSource.load(REPO),
        two_gateways,
        free_port(),
        config_dir=tmp_path / "traefik",
        log_path=tmp_path / "traefik.log",
    )
    edge.start()
    try:
        answers = [_get(f"{edge.url}/api/v1/anything") for _ in range(20)]
        assert sorted(Counter(body for _, _, body in answers).values()) == [10, 10]  # round robin, no stickiness
        status, headers, _ = answers[0]
        assert status == 200 and headers["X-Frame-Options"] == "DENY"
        assert _get(f"{edge.url}/metrics")[0] == 404  # never routed
        # Compose's edge limit (bursts of 100 per client address) applies here too.
        with ThreadPoolExecutor(max_workers=40) as pool:
            flood = list(pool.map(_get, [f"{edge.url}/live"] * 300))
        refused = [h for s, h, _ in flood if s == 429]
        assert refused and all(int(h["Retry-After"]) >= 1 for h in refused)
    finally:
        edge.stop()
