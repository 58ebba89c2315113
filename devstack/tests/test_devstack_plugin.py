"""The pytest plugin, exercised by running a small inner test session in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rr_devstack.infra import Infra
from rr_devstack.postgres import psql

CONFTEST = """
pytest_plugins = ["rr_devstack.pytest_plugin"]

import os
import pytest


@pytest.fixture(scope="session")
def rr_stack_extra_env():
    fakes = os.path.dirname(os.path.abspath(__file__))
    return {n: {"PYTHONPATH": fakes} for n in
            ("auth", "catalog", "booking", "waitlist", "notify", "gateway")}
"""

INNER_TESTS = """
import os
from pathlib import Path

from rr_devstack.probes import grpc_serving, http_status
from rr_devstack.pytest_plugin import fresh_database


def test_infra(rr_infra):
    assert rr_infra.nats_url.startswith("nats://")
    url = fresh_database(rr_infra, "booking")
    Path(os.environ["INNER_REPORT"]).write_text(
        "\\n".join([rr_infra.database_url_for("booking"), url])
    )


def test_stack(rr_stack):
    assert http_status(rr_stack.gateway_url + "/live") == 200
    assert rr_stack.infra.database_url_for("auth") in rr_stack.log_tail("auth")
    rr_stack.kill("auth")
    assert not grpc_serving(rr_stack.grpc_target("auth"))
    rr_stack.restart("auth")
    assert grpc_serving(rr_stack.grpc_target("auth"))
    rr_stack.stop("gateway")
    rr_stack.restart("gateway")
    assert http_status(rr_stack.gateway_url + "/live") == 200
"""


def _inner_session(tmp_path: Path, fakes_dir: Path, **env: str) -> tuple[str, list[str]]:
    root = tmp_path / "inner"
    root.mkdir()
    for item in fakes_dir.iterdir():
        target = root / item.name
        if item.is_dir():
            target.mkdir()
            for f in item.iterdir():
                (target / f.name).write_bytes(f.read_bytes())
        else:
            target.write_bytes(item.read_bytes())
    (root / "conftest.py").write_text(CONFTEST)
    (root / "test_inner.py").write_text(INNER_TESTS)
    report = tmp_path / "report.txt"
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("RR_")}
    child_env.update(INNER_REPORT=str(report), **env)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root)],
        cwd=root, env=child_env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout, report.read_text().splitlines()


def test_plugin_with_embedded_infra(tmp_path: Path, fakes_dir: Path) -> None:
    out, (service_url, fresh_url) = _inner_session(tmp_path, fakes_dir)
    assert "2 passed" in out
    assert service_url.endswith("/rr_booking")
    assert "/rr_booking_" in fresh_url


def test_plugin_with_external_urls(tmp_path: Path, fakes_dir: Path, infra: Infra) -> None:
    out, (service_url, fresh_url) = _inner_session(
        tmp_path,
        fakes_dir,
        RR_TEST_DATABASE_URL=infra.admin_database_url,
        RR_TEST_NATS_URL=infra.nats_url,
        RR_TEST_REDIS_URL="none",
    )
    assert "2 passed" in out
    # Per-session names on the shared server, all dropped again at the end of the session.
    assert service_url.rsplit("/", 1)[1].startswith("rrt_")
    leftovers = psql(infra.admin_database_url, "SELECT datname FROM pg_database")
    assert [n for n in leftovers.split() if n.startswith("rrt_")] == []
