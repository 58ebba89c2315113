"""Autogenerate an Alembic migration for one service against a scratch database.

    python tools/new_migration.py booking "add series"

Needs a PostgreSQL to compare against: RR_DEV_DATABASE_URL (a server URL; a scratch database is
created and dropped on it) or the local default.
"""

from __future__ import annotations

import asyncio
import os
import sys
import uuid

import asyncpg
from alembic import command
from alembic.config import Config

from rr_common.migrations import upgrade_head


def main(service: str, message: str) -> None:
    server = os.environ.get("RR_DEV_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    scratch = f"rr_migration_{uuid.uuid4().hex[:8]}"
    base = server.rsplit("/", 1)[0]

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(server)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{scratch}"'))
    try:
        url = f"{base}/{scratch}"
        package = f"rr_{service}"
        upgrade_head(package, url)
        config = Config()
        config.set_main_option("script_location", f"{package}:migrations")
        config.set_main_option("sqlalchemy.url", url)
        command.revision(config, message=message, autogenerate=True)
    finally:
        asyncio.run(admin(f'DROP DATABASE "{scratch}" WITH (FORCE)'))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
