"""Free-port selection and TCP readiness probes.

Ports are picked *below* the kernel's ephemeral range: a port taken from the ephemeral range can be
grabbed as the local port of some unrelated outgoing connection between the moment we probe it and
the moment the child binds it, and a restarted server (NATS after a fault-injection pause) must get
its port back.

A port is chosen seconds before the service binds it, so two launchers running at once (pytest-xdist
workers, a test run beside ``make run``) could pick the same one. Each handed-out port is therefore
also reserved with an flock on a per-port file, held until this process exits.
"""

from __future__ import annotations

import fcntl
import os
import random
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

HOST = "127.0.0.1"

_FALLBACK_EPHEMERAL_START = 32768
_LOWEST_PORT = 15000
_lock = threading.Lock()
# Ports handed out by this process; never handed out twice so concurrent allocations cannot clash.
_handed_out: set[int] = set()
# Open lock files of our reservations: closing one (or exiting) releases it.
_reservations: list[IO[bytes]] = []


def _reserve(port: int) -> bool:
    """Take the cross-process reservation of ``port``; False when another process holds it."""
    lock_dir = Path(tempfile.gettempdir()) / f"rr-devstack-ports-{os.getuid()}"
    try:
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        fh = (lock_dir / str(port)).open("ab")
    except OSError:
        return True  # no usable temp dir: fall back to the in-process bookkeeping only
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        return False
    _reservations.append(fh)
    return True


def _ephemeral_start() -> int:
    """First port of the kernel's ephemeral range (Linux), or the usual default elsewhere."""
    try:
        text = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text()
        return int(text.split()[0])
    except (OSError, ValueError, IndexError):
        return _FALLBACK_EPHEMERAL_START


def port_is_free(port: int, host: str = HOST) -> bool:
    """True when nothing listens on ``host:port`` and we could bind it right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR mirrors what servers do, so a port in TIME_WAIT still counts as free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = HOST) -> int:
    """A port that is free now and was not returned before by this process."""
    high = _ephemeral_start()
    low = _LOWEST_PORT if high > _LOWEST_PORT + 1000 else 1024
    with _lock:
        for _ in range(500):
            port = random.randint(low, high - 1)
            if port in _handed_out or not port_is_free(port, host) or not _reserve(port):
                continue
            _handed_out.add(port)
            return port
        # Extremely crowded machine: let the kernel choose (may be in the ephemeral range).
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
        _handed_out.add(port)
        return port


def port_accepts(port: int, host: str = HOST, timeout: float = 0.5) -> bool:
    """True when a TCP connection to ``host:port`` succeeds."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until(
    check: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    still_alive: Callable[[], bool] | None = None,
    interval: float = 0.05,
) -> None:
    """Poll ``check`` until it returns True.

    Raises TimeoutError after ``timeout`` seconds, or RuntimeError as soon as ``still_alive``
    reports that the process we are waiting for has died (no point waiting for a corpse).
    """
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return
        if still_alive is not None and not still_alive():
            raise RuntimeError(f"{what}: process exited before becoming ready")
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(interval)
        # Back off gently so long waits do not burn a core on polling.
        interval = min(interval * 1.5, 0.5)
