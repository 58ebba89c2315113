"""Every service's migrations build exactly the schema its models describe (nothing left for
autogenerate to find: no forgotten migration), and go all the way down and up again (a release
can be rolled back)."""

from __future__ import annotations

import asyncio
import importlib

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from rr_common.db import async_url
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database

SERVICES = ("auth", "catalog", "booking", "waitlist", "notify")


def alembic(package: str, url: str, verb: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", f"{package}:migrations")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    getattr(command, verb)(config, revision)


async def differences(url: str, metadata: MetaData) -> list[object]:
    engine = create_async_engine(async_url(url))
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), metadata)
            )
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", SERVICES)
async def test_migrations_build_the_models_and_round_trip(service: str, rr_infra: Infra) -> None:
    package = f"rr_{service}"
    metadata = importlib.import_module(f"{package}.models").Base.metadata
    url = fresh_database(rr_infra, f"{service}schema")
    await asyncio.to_thread(alembic, package, url, "upgrade", "head")
    assert await differences(url, metadata) == [], f"{service}: the models and the migrations disagree"
    await asyncio.to_thread(alembic, package, url, "downgrade", "base")
    await asyncio.to_thread(alembic, package, url, "upgrade", "head")
    assert await differences(url, metadata) == [], f"{service}: down and up again does not give the same schema"
