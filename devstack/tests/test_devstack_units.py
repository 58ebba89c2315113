"""Pure helpers: ports, URLs, service ordering, CLI choices, keys."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from rr_devstack import cli
from rr_devstack.keys import ensure_jwt_private_key, ensure_mfa_secret_key
from rr_devstack.ports import _ephemeral_start, free_port, port_is_free
from rr_devstack.postgres import with_database
from rr_devstack.processes import ManagedProcess
from rr_devstack.servers import ChildServer
from rr_devstack.services import SERVICE_NAMES, startup_waves


def test_free_ports_are_unique_free_and_below_the_ephemeral_range() -> None:
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == 50
    assert all(port < _ephemeral_start() and port_is_free(port) for port in ports)


def test_port_reserved_here_is_not_handed_out_by_another_process() -> None:
    port = free_port()
    code = f"from rr_devstack.ports import _reserve; print(_reserve({port}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_port_is_free_sees_a_listener() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert not port_is_free(sock.getsockname()[1])


def test_with_database_keeps_credentials_and_query() -> None:
    url = "postgresql://u:p%40ss@db.example:6543/postgres?sslmode=disable"
    assert with_database(url, "rr_booking") == ("postgresql://u:p%40ss@db.example:6543/rr_booking?sslmode=disable")


def test_startup_waves_put_peers_first() -> None:
    waves = [[s.name for s in wave] for wave in startup_waves()]
    assert waves == [["auth"], ["catalog", "notify"], ["booking"], ["waitlist"]]
    assert sorted(n for wave in waves for n in wave) == sorted(SERVICE_NAMES)


def test_http_port_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RR_HTTP_PORT", raising=False)
    assert cli.choose_http_port(8123) == 8123
    monkeypatch.setenv("RR_HTTP_PORT", "8456")
    assert cli.choose_http_port(None) == 8456
    monkeypatch.setenv("RR_HTTP_PORT", "0")
    assert cli.choose_http_port(None) not in (0, 8000)
    monkeypatch.delenv("RR_HTTP_PORT")
    expected_default = 8000 if port_is_free(8000) else None
    chosen = cli.choose_http_port(None)
    assert chosen == expected_default or (expected_default is None and chosen != 8000)


def test_data_dir_defaults_to_repo_dot_rr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RR_DATA_DIR", raising=False)
    assert cli.default_data_dir() == cli.repo_root() / ".rr"
    assert (cli.repo_root() / "devstack" / "pyproject.toml").exists()
    monkeypatch.setenv("RR_DATA_DIR", "elsewhere")
    assert cli.default_data_dir() == Path("elsewhere")


def test_jwt_key_is_created_once_with_mode_0600(tmp_path: Path) -> None:
    pem = ensure_jwt_private_key(tmp_path)
    path = tmp_path / "keys" / "jwt-private.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    assert "PRIVATE KEY" in pem
    assert ensure_jwt_private_key(tmp_path) == pem


def test_mfa_key_is_a_fernet_key_created_once_with_mode_0600(tmp_path: Path) -> None:
    key = ensure_mfa_secret_key(tmp_path)
    path = tmp_path / "keys" / "mfa-secret.key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"seed")) == b"seed"
    assert ensure_mfa_secret_key(tmp_path) == key
    assert ensure_mfa_secret_key(tmp_path / "other") != key


def test_cli_help_lists_the_options() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "rr_devstack", "run", "--help"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    for option in ("--port", "--data-dir", "--no-frontend"):
        assert option in out.stdout


class _NeverReady(ChildServer):
    """A real child that runs but never answers, like a server stuck in recovery."""

    failure = LookupError

    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        code = "import sys, time; print('stuck recovering', flush=True); time.sleep(60)"
        self.process = ManagedProcess("stuck", [sys.executable, "-c", code], log_path=log_path)

    def is_ready(self) -> bool:
        return False


def test_a_server_that_never_answers_is_killed_and_reported_with_its_log(tmp_path: Path) -> None:
    server = _NeverReady(tmp_path / "stuck.log")
    with pytest.raises(LookupError) as failed:
        server.start(timeout=1.5)
    assert f"stuck on port {server.port}" in str(failed.value)
    assert "stuck recovering" in str(failed.value)  # the tail of its log says why
    assert not server.process.is_running()
