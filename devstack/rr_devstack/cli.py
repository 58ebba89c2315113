"""``python -m rr_devstack run`` (what ``make run`` calls) and ``... infra``.

``run`` starts PostgreSQL, NATS and Redis on free ports, migrates and starts every service and
the gateway, prints where to go, and keeps everything alive until Ctrl-C/SIGTERM or until any
child dies on its own (then it reports which one and exits non-zero).

``run --replicas N`` (``make run REPLICAS=N``, or ``RR_REPLICAS``) runs N processes of every
service and N gateways behind the real Traefik, which then takes the public port.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from .infra import Infra, start_infra_from_env
from .ports import free_port, port_is_free
from .postgres import PostgresError
from .processes import ManagedProcess
from .services import GATEWAY, SERVICE_NAMES
from .stack import Stack, StackStartError
from .stackfile import remove_stack_file, write_stack_file

DEFAULT_HTTP_PORT = 8000
POLL_INTERVAL = 0.5


class Shutdown(Exception):
    """Raised in the main thread by SIGTERM/SIGHUP so cleanup runs like after Ctrl-C."""


def repo_root() -> Path:
    """The repository root: the parent of the ``devstack`` folder holding this package."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "devstack" / "pyproject.toml").exists() else Path.cwd()


def default_data_dir() -> Path:
    override = os.environ.get("RR_DATA_DIR", "").strip()
    return Path(override) if override else repo_root() / ".rr"


def choose_http_port(requested: int | None) -> int:
    """--port, else RR_HTTP_PORT, else 8000 when free, else any free port (also for 0)."""
    if requested is None:
        env = os.environ.get("RR_HTTP_PORT", "").strip()
        requested = int(env) if env else None
    if requested is None:
        return DEFAULT_HTTP_PORT if port_is_free(DEFAULT_HTTP_PORT) else free_port()
    return requested or free_port()


def choose_replicas(requested: int | None) -> int:
    """--replicas, else RR_REPLICAS, else 1 (one of each, no Traefik: the quick default)."""
    if requested is None:
        env = os.environ.get("RR_REPLICAS", "").strip()
        requested = int(env) if env else 1
    if requested < 1:
        raise ValueError("--replicas must be at least 1")
    return requested


def _say(text: str = "") -> None:
    print(text, flush=True)  # noqa: T201 - the launcher's own console output


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)  # noqa: T201 - the launcher's own console output


def _raise_shutdown(signum: int, _frame: FrameType | None) -> None:
    raise Shutdown(signal.Signals(signum).name)


@contextmanager
def _signals_raise() -> Iterator[None]:
    """While running: SIGTERM/SIGHUP raise Shutdown (SIGINT raises KeyboardInterrupt anyway)."""
    previous = {s: signal.signal(s, _raise_shutdown) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _ignore_signals() -> None:
    """During cleanup a second Ctrl-C must not abandon half-stopped children (bounded by 10 s)."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)


def banner(stack: Stack) -> str:
    url = stack.public_url
    payload = '{"username":"admin","password":"...","email":"admin@example.com"}'
    replicated = (
        [
            f"  Traefik:   {url} -> gateways {', '.join(stack.gateway_urls)}",
            f"  Replicas:  {stack.replicas[GATEWAY]} of each service",
        ]
        if stack.edge is not None
        else []
    )
    return "\n".join(
        [
            "",
            "Resource Reserver is running",
            f"  App:       {url}",
            f"  API docs:  {url}/docs",
            *replicated,
            f"  Logs:      {stack.logs_dir}/<name>.log",
            "  Stop:      Ctrl-C",
            "  First admin (once):",
            f"    curl -X POST {url}/api/v1/setup/initialize -H 'Content-Type: application/json' -d '{payload}'",
            "",
        ]
    )


def _report_dead(dead: Sequence[ManagedProcess]) -> None:
    for proc in dead:
        _err(f"\n{proc.name} exited unexpectedly (exit code {proc.returncode}); last log lines:")
        _err(proc.log_tail(30))


def _watch(stack: Stack) -> int:
    """Sleep until a child dies on its own; returns the launcher's exit code (1)."""
    while True:
        time.sleep(POLL_INTERVAL)
        dead = stack.dead_processes()
        if dead:
            _report_dead(dead)
            _err("stopping everything")
            return 1


def cmd_run(args: argparse.Namespace) -> int:
    data_dir = (args.data_dir or default_data_dir()).resolve()
    static = repo_root() / "frontend" / "dist"
    infra: Infra | None = None
    stack: Stack | None = None
    try:
        with _signals_raise():
            replicas = choose_replicas(args.replicas)
            _say(f"rr-devstack: data in {data_dir}")
            infra = start_infra_from_env(data_dir, env_prefix="RR_", console=True)
            stack = Stack(
                infra,
                environment="development",
                log_format="console",
                console=True,
                http_port=choose_http_port(args.port),
                static_dir=static if static.is_dir() and not args.no_frontend else None,
                # Several gateways need an edge in front, as in production.
                replicas=replicas,
                edge=replicas > 1,
                repo=repo_root(),
                startup_timeout=60.0 * replicas,
            )
            stack.start_all()
            write_stack_file(data_dir, stack)
            _say(banner(stack))
            return _watch(stack)
    except (KeyboardInterrupt, Shutdown):
        _say("\nrr-devstack: stopping")
        return 0
    except (StackStartError, PostgresError, OSError, RuntimeError, ValueError) as exc:
        _err(f"\nrr-devstack: start failed: {exc}")
        return 1
    finally:
        _ignore_signals()
        remove_stack_file(data_dir)
        if stack is not None:
            stack.stop_all()
        if infra is not None:
            infra.stop()


def cmd_infra(args: argparse.Namespace) -> int:
    """Only the infrastructure, for running services from an IDE; prints their variables."""
    data_dir = (args.data_dir or default_data_dir()).resolve()
    infra: Infra | None = None
    try:
        with _signals_raise():
            infra = start_infra_from_env(data_dir, env_prefix="RR_", console=args.verbose)
            for name in SERVICE_NAMES:
                prefix = f"RR_{name.upper()}_"
                _say(f"export {prefix}DATABASE_URL={infra.database_url_for(name)}")
                _say(f"export {prefix}NATS_URL={infra.nats_url}")
            _say(f"export RR_GATEWAY_NATS_URL={infra.nats_url}")
            _say(f"export RR_GATEWAY_REDIS_URL={infra.redis_url or ''}")
            _say("# infrastructure running; Ctrl-C stops it")
            while not infra.dead_processes():
                time.sleep(POLL_INTERVAL)
            _report_dead(infra.dead_processes())
            return 1
    except (KeyboardInterrupt, Shutdown):
        return 0
    except (PostgresError, OSError, RuntimeError) as exc:
        _err(f"rr-devstack: start failed: {exc}")
        return 1
    finally:
        _ignore_signals()
        if infra is not None:
            infra.stop()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rr_devstack", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="infrastructure + all services + gateway (make run)")
    run.add_argument("--port", type=int, default=None, help="gateway HTTP port (default 8000)")
    run.add_argument("--data-dir", type=Path, default=None, help="state dir (default .rr/)")
    run.add_argument("--no-frontend", action="store_true", help="do not serve frontend/dist")
    run.add_argument(
        "--replicas",
        type=int,
        default=None,
        help="processes of every service and gateways, behind Traefik when above 1 (default RR_REPLICAS or 1)",
    )
    run.set_defaults(func=cmd_run)
    infra = sub.add_parser("infra", help="only PostgreSQL, NATS and Redis")
    infra.add_argument("--data-dir", type=Path, default=None, help="state dir (default .rr/)")
    infra.add_argument("--verbose", action="store_true", help="show infrastructure logs")
    infra.set_defaults(func=cmd_infra)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code
