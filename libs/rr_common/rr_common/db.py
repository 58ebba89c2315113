"""Async SQLAlchemy engine and the session scope. The boundary (an RPC, a message) owns the
transaction: `async with db.session() as s:` commits on success and rolls back on error;
code inside only flushes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import MetaData, event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from rr_common.errors import DomainError, InvalidInput, InvalidText

# Every service names its constraints and indexes the same way, so migrations can name what they
# drop and two services' schemas read alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def service_metadata() -> MetaData:
    """The MetaData of one service's declarative Base (each service has its own)."""
    return MetaData(naming_convention=NAMING)


def async_url(url: str) -> str:
    """Accept plain `postgresql://` URLs (what operators write) and select the asyncpg driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


# PostgreSQL text cannot hold the NUL character; any service given one (a query filter, a name)
# gets this from the database, and it is the caller's input, not a failure.
CHARACTER_NOT_IN_REPERTOIRE = "22021"
# The session.info flag of a transaction that wrote outbox rows (see `Database.on_commit`).
OUTBOX_PENDING = "outbox_pending"


def sqlstate(exc: DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", "") or getattr(getattr(exc.orig, "__cause__", None), "sqlstate", ""))


def nul_in_text() -> InvalidInput:
    return InvalidText("Text may not contain the NUL character (\\u0000); remove it and try again.")


def as_input_error(exc: DBAPIError) -> InvalidInput | None:
    """The refusal to answer with when the database refused the caller's text, else None."""
    return nul_in_text() if sqlstate(exc) == CHARACTER_NOT_IN_REPERTOIRE else None


def _ping(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    try:
        dbapi_connection.run_async(lambda connection: connection.fetchrow(";"))
    except Exception as exc:  # any failure means this connection is gone
        # The pool replaces the connection and tries again (up to three times).
        raise DisconnectionError(str(exc) or type(exc).__name__) from exc


class Database:
    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.engine: AsyncEngine = create_async_engine(
            async_url(url),
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_recycle=1800,
        )
        # A restarted PostgreSQL costs one reconnect, not an error: every checkout is pinged.
        # Not with pool_pre_ping: for asyncpg it wraps the ping in BEGIN/ROLLBACK (for
        # pgbouncer's transaction mode, which we do not use), three round trips instead of one.
        event.listen(self.engine.sync_engine, "checkout", _ping)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Same pool; a connection checked out here runs each statement on its own (asyncpg
        # autocommit: no BEGIN and no COMMIT round trip).
        self._readers = async_sessionmaker(
            self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
        )
        self._after_commit: dict[str, list[Callable[[], None]]] = {}

    def on_commit(self, callback: Callable[[], None], wrote: str = OUTBOX_PENDING) -> None:
        """Run `callback` after every commit of a session that wrote `wrote` (code that writes it
        sets `session.info[wrote] = True`); wakes a worker at once, instead of at its next poll."""
        self._after_commit.setdefault(wrote, []).append(callback)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session:
            try:
                yield session
                await session.commit()
            except DomainError as exc:
                # Some refusals must still record what led to them (e.g. revoking a token family).
                await (session.commit() if exc.keep_changes else session.rollback())
                raise
            except DBAPIError as exc:
                await session.rollback()
                raise (as_input_error(exc) or exc) from exc
            except BaseException:
                await session.rollback()
                raise
        for wrote, callbacks in self._after_commit.items():
            if session.info.pop(wrote, False):
                for callback in callbacks:
                    callback()

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        """A session for requests that only read, two round trips cheaper than `session()`.
        Each statement sees its own snapshot: use `session()` when several reads must agree
        or anything is written."""
        async with self._readers() as session:
            try:
                yield session
            except DBAPIError as exc:
                raise (as_input_error(exc) or exc) from exc

    async def dispose(self) -> None:
        await self.engine.dispose()
