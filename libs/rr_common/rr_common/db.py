"""Async SQLAlchemy engine and the session scope. The boundary (an RPC, a message) owns the
transaction: `async with db.session() as s:` commits on success and rolls back on error;
code inside only flushes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from rr_common.errors import DomainError


def async_url(url: str) -> str:
    """Accept plain `postgresql://` URLs (what operators write) and select the asyncpg driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    return url


class Database:
    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.engine: AsyncEngine = create_async_engine(
            async_url(url),
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,  # a restarted PostgreSQL costs one reconnect, not an error
            pool_recycle=1800,
        )
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._after_commit: list[Callable[[], None]] = []

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Run `callback` after every commit that wrote outbox rows (wakes the relay at once)."""
        self._after_commit.append(callback)

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
            except BaseException:
                await session.rollback()
                raise
        if session.info.pop("outbox_pending", False):
            for callback in self._after_commit:
                callback()

    async def dispose(self) -> None:
        await self.engine.dispose()
