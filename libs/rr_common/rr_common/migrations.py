"""Alembic helpers: run a service's migrations programmatically, and the shared async env.py body."""

from __future__ import annotations

import asyncio

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from rr_common.db import async_url


def upgrade_head(package: str, database_url: str) -> None:
    """Apply `<package>/migrations` up to head (what `python -m rr_<name> migrate` does)."""
    config = Config()
    config.set_main_option("script_location", f"{package}:migrations")
    # ConfigParser interpolates '%': a URL-encoded password must reach Alembic escaped.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    command.upgrade(config, "head")


def run_env(metadata: MetaData) -> None:
    """Body of every service's migrations/env.py (online mode, asyncpg)."""
    url = async_url(context.config.get_main_option("sqlalchemy.url") or "")

    def do_run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata, compare_type=True)
        with context.begin_transaction():
            # Two migrators at once (a Job and a stray manual run) wait for each other.
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('rr_alembic_migrations'))"))
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    asyncio.run(run_async())
