"""Start a stack for benchmarking and talk to it as clients would."""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from rr_devstack.infra import Infra, start_infra_from_env
from rr_devstack.stack import Stack

PASSWORD = "Bench-Pass-123"
UNLIMITED = {f"RR_GATEWAY_RATE_LIMIT_{t}": "100000000/minute" for t in ("LOGIN", "ANONYMOUS", "USER", "ADMIN")}


@dataclass
class Bench:
    stack: Stack
    infra: Infra

    @property
    def url(self) -> str:
        return self.stack.gateway_url

    def rss_mb(self) -> dict[str, float]:
        """Peak-so-far resident memory per process, including children (PostgreSQL workers)."""
        out: dict[str, float] = {}
        for name in ("auth", "catalog", "booking", "waitlist", "notify", "gateway"):
            proc = self.stack.process(name)
            if proc is None or proc.pid is None:
                continue
            with contextlib.suppress(psutil.Error):
                out[name] = round(psutil.Process(proc.pid).memory_info().rss / 2**20, 1)
        return out


@contextlib.contextmanager
def started_stack() -> Iterator[Bench]:
    with tempfile.TemporaryDirectory(prefix="rr-bench-") as tmp:
        infra = start_infra_from_env(Path(tmp), env_prefix="RR_BENCH_", testing=True)
        stack = Stack(infra, environment="test", log_format="json", extra_env={"gateway": UNLIMITED}, inherit_service_env=False)
        try:
            stack.start_all()
            yield Bench(stack, infra)
        finally:
            stack.stop_all()
            infra.stop()


async def sign_up(client: httpx.AsyncClient, admin: bool = False) -> str:
    name = f"bench{uuid.uuid4().hex[:10]}"
    path = "/api/v1/setup/initialize" if admin else "/api/v1/register"
    created = await client.post(path, json={"username": name, "password": PASSWORD})
    created.raise_for_status()
    token = await client.post("/api/v1/token", data={"username": name, "password": PASSWORD})
    token.raise_for_status()
    return str(token.json()["access_token"])
