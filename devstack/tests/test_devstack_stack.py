"""The Stack and the CLI driven against stand-in services (see the fakes_dir fixture)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from rr_devstack.infra import Infra
from rr_devstack.probes import grpc_serving, http_status
from rr_devstack.services import GATEWAY, SERVICE_NAMES
from rr_devstack.stack import Stack, StackStartError

UNITS = (*SERVICE_NAMES, GATEWAY)


def _stack(infra: Infra, fakes: Path, **overrides: dict[str, str]) -> Stack:
    extra = {name: {"PYTHONPATH": str(fakes), **overrides.get(name, {})} for name in UNITS}
    return Stack(infra, environment="test", extra_env=extra, cwd=fakes, inherit_service_env=False)


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
def stack(infra: Infra, fakes_dir: Path) -> Iterator[Stack]:
    stack = _stack(infra, fakes_dir)
    stack.start_all()
    try:
        yield stack
    finally:
        stack.stop_all()


def test_start_all_serves_everything(stack: Stack) -> None:
    for name in SERVICE_NAMES:
        assert grpc_serving(stack.grpc_target(name)), name
    assert http_status(f"{stack.gateway_url}/live") == 200
    assert "migrated postgresql://" in stack.log_tail("booking")

    with urllib.request.urlopen(f"{stack.gateway_url}/env", timeout=5) as resp:
        env = json.loads(resp.read())
    assert env["RR_GATEWAY_ENVIRONMENT"] == "test"
    assert env["RR_GATEWAY_BOOKING_TARGET"] == stack.grpc_target("booking")
    assert env["RR_GATEWAY_NATS_URL"] == stack.infra.nats_url


def test_kill_stop_and_restart_on_same_port(stack: Stack) -> None:
    target = stack.grpc_target("booking")
    stack.kill("booking")
    proc = stack.process("booking")
    assert proc is not None and proc.returncode == -signal.SIGKILL
    assert not grpc_serving(target)

    stack.restart("booking")
    assert stack.grpc_target("booking") == target and grpc_serving(target)

    assert stack.stop("catalog") == 0  # SIGTERM: the service drains and exits 0
    assert "catalog: stopped" in stack.log_tail("catalog")
    stack.start("catalog")
    assert grpc_serving(stack.grpc_target("catalog"))

    gateway_url = stack.gateway_url
    stack.restart(GATEWAY)
    assert http_status(f"{gateway_url}/live") == 200


def test_stop_all_leaves_nothing_running(infra: Infra, fakes_dir: Path) -> None:
    stack = _stack(infra, fakes_dir)
    stack.start_all()
    pids = [p.pid for p in stack.processes()]
    assert len(pids) == len(UNITS)
    stack.stop_all()
    assert not any(_alive(pid) for pid in pids)
    assert stack.dead_processes() == []  # stopped on purpose is not "dead"


def test_env_follows_the_conventions(infra: Infra, fakes_dir: Path) -> None:
    stack = _stack(infra, fakes_dir, waitlist={"RR_WAITLIST_LOG_LEVEL": "DEBUG"})
    env = stack.env_for("waitlist")
    assert env["RR_WAITLIST_DATABASE_URL"] == infra.database_url_for("waitlist")
    assert env["RR_WAITLIST_NATS_URL"] == infra.nats_url
    assert env["RR_WAITLIST_ENVIRONMENT"] == "test"
    assert env["RR_WAITLIST_LOG_LEVEL"] == "DEBUG"
    assert env["RR_WAITLIST_GRPC_PORT"] == stack.grpc_target("waitlist").rsplit(":", 1)[1]
    assert int(env["RR_WAITLIST_METRICS_PORT"]) > 0
    for peer in ("AUTH", "BOOKING", "CATALOG"):
        assert env[f"RR_WAITLIST_{peer}_TARGET"] == stack.grpc_target(peer.lower())
    assert "RR_WAITLIST_NOTIFY_TARGET" not in env

    auth = stack.env_for("auth")
    assert auth["RR_AUTH_JWT_PRIVATE_KEY"].startswith("-----BEGIN PRIVATE KEY-----")
    assert "RR_AUTH_AUTH_TARGET" not in auth
    key_file = infra.data_dir / "keys" / "jwt-private.pem"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert _stack(infra, fakes_dir).env_for("auth")["RR_AUTH_JWT_PRIVATE_KEY"] == key_file.read_text()
    mfa_key_file = infra.data_dir / "keys" / "mfa-secret.key"
    assert auth["RR_AUTH_MFA_SECRET_KEY"] == mfa_key_file.read_text() and len(auth["RR_AUTH_MFA_SECRET_KEY"]) == 44
    assert mfa_key_file.stat().st_mode & 0o777 == 0o600
    assert "RR_WAITLIST_MFA_SECRET_KEY" not in env

    gateway = stack.env_for(GATEWAY)
    assert gateway["RR_GATEWAY_REDIS_URL"] == (infra.redis_url or "")
    assert {f"RR_GATEWAY_{n.upper()}_TARGET" for n in SERVICE_NAMES} <= gateway.keys()


def test_auth_declares_the_waitlist_client_the_waitlist_starts_with(infra: Infra, fakes_dir: Path) -> None:
    stack = _stack(infra, fakes_dir)
    waitlist, auth = stack.env_for("waitlist"), stack.env_for("auth")
    declared = next(
        c for c in json.loads(auth["RR_AUTH_SERVICE_CLIENTS"]) if c["client_id"] == waitlist["RR_WAITLIST_CLIENT_ID"]
    )
    assert (declared["client_id"], declared["secret"]) == (
        waitlist["RR_WAITLIST_CLIENT_ID"],
        waitlist["RR_WAITLIST_CLIENT_SECRET"],
    )
    assert (
        set(declared["scopes"])
        == set(waitlist["RR_WAITLIST_CLIENT_SCOPES"].split())
        == {"reservations:manage", "waitlist:manage"}
    )
    assert len(declared["secret"]) >= 32
    assert (infra.data_dir / "keys" / "waitlist-client.secret").stat().st_mode & 0o777 == 0o600
    # The secret is kept with the data: a restarted stack's waitlist still gets tokens.
    assert _stack(infra, fakes_dir).env_for("waitlist")["RR_WAITLIST_CLIENT_SECRET"] == declared["secret"]


def test_auth_declares_the_gateway_client_without_scopes(infra: Infra, fakes_dir: Path) -> None:
    stack = _stack(infra, fakes_dir)
    gateway, auth = stack.env_for(GATEWAY), stack.env_for("auth")
    declared = next(
        c for c in json.loads(auth["RR_AUTH_SERVICE_CLIENTS"]) if c["client_id"] == gateway["RR_GATEWAY_CLIENT_ID"]
    )
    assert declared["secret"] == gateway["RR_GATEWAY_CLIENT_SECRET"] and len(declared["secret"]) >= 32
    assert declared["scopes"] == [], "anonymous catalog reads need no permission at all"
    assert (infra.data_dir / "keys" / "gateway-client.secret").stat().st_mode & 0o777 == 0o600


def test_stop_escalates_to_sigkill_after_the_timeout(infra: Infra, fakes_dir: Path) -> None:
    stack = _stack(infra, fakes_dir, notify={"RR_NOTIFY_FAKE_IGNORE_TERM": "1"})
    stack.stop_timeout = 1.0
    try:
        stack.start("notify")
        started = time.monotonic()
        assert stack.stop("notify") == -signal.SIGKILL
        assert 0.9 < time.monotonic() - started < 5
        assert "still running 1 s after SIGTERM; sending SIGKILL" in stack.log_tail("notify")
    finally:
        stack.stop_all()


def test_failed_migration_reports_its_output(infra: Infra, fakes_dir: Path) -> None:
    stack = _stack(infra, fakes_dir, catalog={"RR_CATALOG_FAKE_MIGRATE_FAIL": "1"})
    with pytest.raises(StackStartError, match="migration exploded on purpose"):
        stack.start_all()
    assert stack.processes() == []


def test_service_that_dies_on_start_fails_fast(infra: Infra, fakes_dir: Path) -> None:
    stack = _stack(infra, fakes_dir, notify={"RR_NOTIFY_FAKE_EXIT_ON_SERVE": "1"})
    started = time.monotonic()
    with pytest.raises(StackStartError, match=r"(?s)exit code 4.*refusing to serve"):
        stack.start_all()
    assert time.monotonic() - started < 30
    assert not any(p.is_running() for p in stack.processes())


# -- the CLI (make run) -----------------------------------------------------------------------


def _cli(fakes: Path, data_dir: Path, out: Path, **env: str) -> subprocess.Popen[bytes]:
    child_env = {k: v for k, v in os.environ.items() if not k.startswith(("RR_", "PYTHONPATH"))}
    child_env.update(PYTHONPATH=str(fakes), **env)
    argv = [sys.executable, "-m", "rr_devstack", "run", "--data-dir", str(data_dir)]
    with out.open("wb") as fh:
        return subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, cwd=fakes, env=child_env)


def _wait_for_text(path: Path, text: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in path.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not seen; output:\n{path.read_text()}")
        time.sleep(0.1)


def test_cli_run_and_sigterm_stops_everything(fakes_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    proc = _cli(fakes_dir, tmp_path / "rr", out, RR_HTTP_PORT="0")
    try:
        _wait_for_text(out, "Resource Reserver is running", proc, 90)
        children = psutil.Process(proc.pid).children(recursive=True)
        assert len(children) >= 9  # 3 infra (+ postgres workers) + 5 services + gateway
        text = out.read_text()
        assert "[booking]" in text and "/api/v1/setup/initialize" in text
        assert (tmp_path / "rr" / "logs" / "gateway.log").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(60)
    assert code == 0, out.read_text()
    deadline = time.monotonic() + 5
    while any(_alive(c.pid) for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [c.pid for c in children if _alive(c.pid)] == []


def test_cli_exits_non_zero_when_a_service_dies(fakes_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    proc = _cli(fakes_dir, tmp_path / "rr", out, RR_BOOKING_FAKE_CRASH_AFTER="2")
    try:
        code = proc.wait(90)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = out.read_text()
    assert code == 1, text
    assert "booking exited unexpectedly (exit code 2)" in text
    assert "booking: simulated crash" in text
