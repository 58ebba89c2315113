"""Kernel tests run against the shared real PostgreSQL and NATS."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import MetaData

from libs.rr_common.tests.support import Tables
from rr_common.consumer import define_consumer_tables
from rr_common.db import Database
from rr_common.outbox import define_outbox
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database


@pytest.fixture(scope="session")
async def kernel_db(rr_infra: Infra) -> AsyncIterator[tuple[Database, Tables]]:
    metadata = MetaData()
    tables = Tables(outbox=define_outbox(metadata), consumer=define_consumer_tables(metadata))
    db = Database(fresh_database(rr_infra, "kernel"), pool_size=5)
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield db, tables
    await db.dispose()
