"""Session fixtures for tests: real infrastructure and, on top, the whole stack.

Load it from the root conftest with ``pytest_plugins = ["rr_devstack.pytest_plugin"]`` (it is
deliberately not registered as an entry point, so installing rr-devstack changes no other test
run).

* ``rr_infra``  -- PostgreSQL, NATS (JetStream) and Redis on free ports under a tmp dir; honours
  ``RR_TEST_DATABASE_URL``, ``RR_TEST_NATS_URL`` and ``RR_TEST_REDIS_URL`` (``none`` disables).
* ``rr_stack``  -- all five services and the gateway with ``ENVIRONMENT=test``.
* ``rr_stack_extra_env`` -- override it in a conftest to add variables per unit name.
* ``fresh_database(infra, service)`` -- a plain function returning the URL of a brand-new empty
  database, for service tests that need isolation.
* ``private_nats(folder)`` -- a context manager running a NATS server of one suite's own, for
  suites whose consumers must not first replay every other suite's events.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from .infra import Infra, start_infra_from_env
from .nats_server import NatsServer
from .ports import free_port
from .stack import Stack

_external_db_prefix: str | None = None


def _session_db_prefix() -> str:
    """Unique per test session so parallel/concurrent runs on one external server never collide."""
    global _external_db_prefix
    if _external_db_prefix is None:
        _external_db_prefix = f"rrt_{secrets.token_hex(4)}_"
    return _external_db_prefix


def fresh_database(infra: Infra, service: str) -> str:
    """Create a new, empty, uniquely named database for ``service`` and return its URL.

    It is dropped when the infrastructure stops if the server is external; embedded test
    clusters are thrown away whole.
    """
    name = f"{infra.db_prefix}{service}_{secrets.token_hex(4)}"
    return infra.create_database(name)


@contextmanager
def private_nats(folder: Path) -> Iterator[NatsServer]:
    """A JetStream server for one suite. A new durable consumer starts at the beginning of its
    stream; on the session's shared server that is every event all earlier suites published,
    and catching up on them first makes the suite's own waits slow and load-dependent."""
    server = NatsServer(folder / "store", free_port(), free_port(), log_path=folder / "nats.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def rr_infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    external_db = bool(os.environ.get("RR_TEST_DATABASE_URL", "").strip())
    infra = start_infra_from_env(
        tmp_path_factory.mktemp("rr_infra"),
        env_prefix="RR_TEST_",
        db_prefix=_session_db_prefix() if external_db else "rr_",
        drop_databases_on_stop=external_db,
        testing=True,
    )
    try:
        yield infra
    finally:
        infra.stop()


@pytest.fixture(scope="session")
def rr_stack_extra_env() -> Mapping[str, Mapping[str, str]]:
    """Extra environment per unit (``auth`` ... ``gateway``); override in a conftest."""
    return {}


@pytest.fixture(scope="session")
def rr_stack(rr_infra: Infra, rr_stack_extra_env: Mapping[str, Mapping[str, str]]) -> Iterator[Stack]:
    stack = Stack(
        rr_infra,
        environment="test",
        log_format="console",
        console=False,
        extra_env=rr_stack_extra_env,
        inherit_service_env=False,
    )
    # start_all stops what it started and raises StackStartError (with log tails) on failure.
    stack.start_all()
    try:
        yield stack
    finally:
        stack.stop_all()
