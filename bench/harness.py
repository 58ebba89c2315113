"""Start a stack for benchmarking, watch its memory and the machine's load, and talk to it as
clients would."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from bench.wire import Pool
from rr_devstack.infra import Infra, start_infra_from_env
from rr_devstack.keys import ensure_jwt_private_key
from rr_devstack.stack import Stack

PASSWORD = "Bench-Pass-123"
SERVICES = ("auth", "catalog", "booking", "waitlist", "notify", "gateway")
UNLIMITED = {
    f"RR_GATEWAY_RATE_LIMIT_{t}": "100000000/minute"
    for t in ("LOGIN", "LOGIN_PER_ADDRESS", "ANONYMOUS", "USER", "ADMIN")
}


QUIET = False  # --json-only: no progress lines either


def say(message: str) -> None:
    """Progress, on stderr (stdout carries only the JSON summary)."""
    if not QUIET:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Watch:
    """Samples, every half second in a thread, the resident memory of every process of the stack
    and the machine's load average, keeping the peaks: a run on a busy machine shows it."""

    def __init__(self, bench: Bench, interval: float = 0.5) -> None:
        self.bench = bench
        self.interval = interval
        self.peak_mb: dict[str, float] = {}
        self.load_samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        ticks = 0
        while not self._stop.wait(self.interval):
            for name, mb in self.bench.rss_now_mb().items():
                self.peak_mb[name] = max(self.peak_mb.get(name, 0.0), mb)
            if ticks % 10 == 0:
                self.load_samples.append(os.getloadavg()[0])
            ticks += 1

    def load_during(self) -> dict[str, float]:
        samples = self.load_samples or [os.getloadavg()[0]]
        return {
            "mean_1min": round(sum(samples) / len(samples), 2),
            "max_1min": round(max(samples), 2),
            "samples": len(samples),
        }


@dataclass
class Bench:
    stack: Stack
    infra: Infra
    watch: Watch | None = None
    _wire: Pool | None = None

    @property
    def wire(self) -> Pool:
        """Keep-alive connections to the gateway for the timed requests (see bench.wire)."""
        if self._wire is None:
            self._wire = Pool(self.url, 128)
        return self._wire

    @property
    def url(self) -> str:
        return str(self.stack.gateway_url)

    @property
    def ws_url(self) -> str:
        return self.url.replace("http", "ws", 1) + "/ws"

    def db_url(self, service: str) -> str:
        return str(self.infra.database_url_for(service))

    def _pid(self, name: str) -> int | None:
        proc = self.stack.process(name)
        return proc.pid if proc is not None else None

    def rss_now_mb(self) -> dict[str, float]:
        """Current resident memory: each service, and the infrastructure we started (PostgreSQL
        counted as its processes' private memory plus the largest shared segment once)."""
        out: dict[str, float] = {}
        for name in SERVICES:
            pid = self._pid(name)
            if pid is not None:
                with contextlib.suppress(psutil.Error):
                    out[name] = round(psutil.Process(pid).memory_info().rss / 2**20, 1)
        pg = self.infra.postgres
        if pg is not None and pg.process is not None and pg.process.pid is not None:
            with contextlib.suppress(psutil.Error):
                root = psutil.Process(pg.process.pid)
                private, shared = 0, 0
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        info = p.memory_info()
                        private += info.rss - info.shared
                        shared = max(shared, info.shared)
                out["postgres"] = round((private + shared) / 2**20, 1)
        for name, server in (("nats", self.infra.nats), ("redis", self.infra.redis)):
            if server is not None and server.process is not None and server.process.pid is not None:
                with contextlib.suppress(psutil.Error):
                    out[name] = round(psutil.Process(server.process.pid).memory_info().rss / 2**20, 1)
        return out

    def cpu_seconds(self) -> dict[str, float]:
        """CPU used so far by each process of the stack (PostgreSQL with all its backends)."""
        out: dict[str, float] = {}
        for name in SERVICES:
            pid = self._pid(name)
            if pid is not None:
                out[name] = process_cpu_seconds(pid)
        for name, server in (("postgres", self.infra.postgres), ("nats", self.infra.nats), ("redis", self.infra.redis)):
            if server is not None and server.process is not None and server.process.pid is not None:
                out[name] = process_cpu_seconds(server.process.pid, tree=name == "postgres")
        return out

    async def settle(self, quiet_cores: float = 0.15, max_seconds: float = 90) -> dict[str, float]:
        """Wait until the stack is idle (background work of seeding drained: outbox relays,
        event consumers), so the next figures are the requests' own; returns how long it took
        and the stack's CPU use (% of one core) in its last second."""
        started = time.monotonic()
        last, calm = self.cpu_seconds(), 0
        busy: dict[str, float] = {}
        while time.monotonic() - started < max_seconds:
            await asyncio.sleep(1.0)
            now = self.cpu_seconds()
            busy = {k: round((now[k] - last.get(k, 0.0)) * 100, 1) for k in now}
            last = now
            calm = calm + 1 if sum(busy.values()) / 100 < quiet_cores else 0
            if calm >= 2:
                break
        return {
            "seconds": round(time.monotonic() - started, 1),
            "last_second_cpu_percent": round(sum(busy.values()), 1),
        }

    def meter(self) -> CpuMeter:
        """Start counting the stack's CPU (see CpuMeter)."""
        return CpuMeter(self.cpu_seconds)

    def rss_peak_mb(self) -> dict[str, float]:
        """Peak resident memory per service from the kernel's high-water mark (VmHWM), exact even
        between samples; PostgreSQL, NATS and Redis from the samples."""
        out: dict[str, float] = {}
        for name in SERVICES:
            pid = self._pid(name)
            hwm = _vm_hwm_mb(pid) if pid is not None else None
            if hwm is not None:
                out[name] = hwm
        sampled = self.watch.peak_mb if self.watch is not None else {}
        for name, mb in sampled.items():
            out[name] = max(out.get(name, 0.0), mb)
        return out


def process_cpu_seconds(pid: int, tree: bool = False) -> float:
    """CPU a process used so far, with its reaped children (and, with `tree`, its live ones)."""
    try:
        root = psutil.Process(pid)
        t = root.cpu_times()
        total: float = t.user + t.system + t.children_user + t.children_system
        for child in root.children(recursive=True) if tree else []:
            with contextlib.suppress(psutil.Error):
                c = child.cpu_times()
                total += c.user + c.system
    except psutil.Error:
        return 0.0
    return total


class CpuMeter:
    """CPU used by some processes between its creation and `per_request`, per request: a figure
    that holds when other work shares the machine, unlike rates and latencies. Its
    `cpu_bound_per_s` is the rate these processes could sustain with every core to themselves."""

    def __init__(self, sample: Callable[[], dict[str, float]]) -> None:
        self._sample = sample
        self._before = sample()

    def per_request(self, count: int) -> dict[str, float]:
        after = self._sample()
        used = {name: after[name] - self._before.get(name, 0.0) for name in after}
        out = {name: round(seconds / max(count, 1) * 1000, 3) for name, seconds in used.items() if seconds > 0}
        total = sum(used.values()) / max(count, 1) * 1000
        out["total"] = round(total, 3)
        out["cpu_bound_per_s"] = round((os.cpu_count() or 1) * 1000 / total, 1) if total > 0 else 0.0
        return out


def _vm_hwm_mb(pid: int) -> float | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


@contextlib.contextmanager
def started_stack(keep_logs: Path | None = None, env: dict[str, dict[str, str]] | None = None) -> Iterator[Bench]:
    """A private stack: embedded PostgreSQL, NATS and Redis (or those named by RR_BENCH_*_URL),
    the five services and the gateway, with the gateway's rate limits raised (this measures the
    system, not the limiter). Everything else is as `make run` configures it, logging included;
    `env` adds variables per unit (`--env gateway:RR_GATEWAY_READ_CACHE=false`, for an A/B of a
    switchable change)."""
    extra = {"gateway": dict(UNLIMITED)}
    for unit, variables in (env or {}).items():
        extra.setdefault(unit, {}).update(variables)
    with tempfile.TemporaryDirectory(prefix="rr-bench-") as tmp:
        infra = start_infra_from_env(Path(tmp), env_prefix="RR_BENCH_", testing=True)
        stack = Stack(infra, environment="test", log_format="json", extra_env=extra, inherit_service_env=False)
        try:
            stack.start_all()
            bench = Bench(stack, infra)
            bench.watch = Watch(bench)
            bench.watch.start()
            try:
                yield bench
            finally:
                bench.watch.stop()
                bench.wire.close()
        finally:
            stack.stop_all()
            infra.stop()
            if keep_logs is not None:
                shutil.copytree(infra.logs_dir, keep_logs, dirs_exist_ok=True)


async def sign_up(client: httpx.AsyncClient, admin: bool = False, name: str = "") -> str:
    """Register (or, for the first admin, initialize) a user through the gateway and sign in."""
    name = name or f"bench{uuid.uuid4().hex[:10]}"
    path = "/api/v1/setup/initialize" if admin else "/api/v1/register"
    created = await client.post(path, json={"username": name, "password": PASSWORD})
    created.raise_for_status()
    token = await client.post("/api/v1/token", data={"username": name, "password": PASSWORD})
    token.raise_for_status()
    return str(token.json()["access_token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Minter:
    """Access tokens for seeded users, signed with the stack's own key (the one auth signs with),
    with the claims of a token auth issued: what a thousand sign-ins would hand out, in a second."""

    def __init__(self, bench: Bench, model_token: str) -> None:
        key = serialization.load_pem_private_key(ensure_jwt_private_key(bench.infra.data_dir).encode(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        self._key = key
        header = json.loads(_unb64(model_token.split(".")[0]))
        self._claims = json.loads(_unb64(model_token.split(".")[1]))
        self._head = _b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": header["kid"]}).encode())

    def token(self, user_id: int, username: str, ttl: int = 3600) -> str:
        now = int(time.time())
        claims = {
            **self._claims,
            "sub": str(user_id),
            "username": username,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
        }
        signing_input = f"{self._head}.{_b64(json.dumps(claims).encode())}"
        return f"{signing_input}.{_b64(self._key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()))}"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
