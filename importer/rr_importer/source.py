"""The old database, opened read-only: SQLite (the old system's default) through a read-only URI,
PostgreSQL inside a READ ONLY transaction. Both give the schema as found (tables and their
columns) and rows as dicts, so the importer adapts to older or newer versions of the schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import asyncpg


class OldDatabase(Protocol):
    async def tables(self) -> dict[str, list[str]]: ...
    async def rows(self, table: str) -> list[dict[str, Any]]: ...
    async def close(self) -> None: ...


class SqliteSource:
    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"no SQLite database at {path}")
        # mode=ro: SQLite itself refuses every write; query_only guards this connection too.
        self._db = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        self._db.execute("PRAGMA query_only = ON")
        self._db.row_factory = sqlite3.Row

    async def tables(self) -> dict[str, list[str]]:
        names = [
            r[0]
            for r in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: [c[1] for c in self._db.execute(f'PRAGMA table_info("{name}")')] for name in names}

    async def rows(self, table: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self._db.execute(f'SELECT * FROM "{table}"')]

    async def close(self) -> None:
        self._db.close()


class PostgresSource:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self._db = connection

    @classmethod
    async def open(cls, url: str) -> PostgresSource:
        connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        # Every statement of this session is read-only: the old database is never changed.
        await connection.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        return cls(connection)

    async def tables(self) -> dict[str, list[str]]:
        found = await self._db.fetch(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " ORDER BY table_name, ordinal_position"
        )
        tables: dict[str, list[str]] = {}
        for record in found:
            tables.setdefault(record["table_name"], []).append(record["column_name"])
        return tables

    async def rows(self, table: str) -> list[dict[str, Any]]:
        return [dict(r) for r in await self._db.fetch(f'SELECT * FROM "{table}"')]

    async def close(self) -> None:
        await self._db.close()


async def open_old_database(where: str) -> OldDatabase:
    if where.startswith(("postgresql://", "postgres://", "postgresql+asyncpg://")):
        return await PostgresSource.open(where)
    return SqliteSource(Path(where.removeprefix("sqlite:///")))
