"""The session scopes: a reader runs each statement on its own and leaves nothing open."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from libs.rr_common.tests.support import Tables
from rr_common.db import Database
from rr_common.errors import InvalidInput


async def test_a_reader_opens_no_transaction_and_sees_each_commit_at_once(kernel_db: tuple[Database, Tables]) -> None:
    db, _ = kernel_db
    async with db.session() as session:
        await session.execute(text("CREATE TABLE IF NOT EXISTS reader_probe (n int)"))
        await session.execute(text("TRUNCATE reader_probe"))
    async with db.reader() as reader:
        # No BEGIN was sent: PostgreSQL gives each statement its own transaction id.
        first = (await reader.execute(text("SELECT txid_current()"))).scalar_one()
        second = (await reader.execute(text("SELECT txid_current()"))).scalar_one()
        assert second != first
        # A commit made elsewhere in between is visible to the reader's next statement.
        async with db.session() as writer:
            await writer.execute(text("INSERT INTO reader_probe VALUES (1)"))
        assert (await reader.execute(text("SELECT count(*) FROM reader_probe"))).scalar_one() == 1
    async with db.session() as session:
        # The pooled connection went back in transactional mode: a session still has one transaction.
        first = (await session.execute(text("SELECT txid_current()"))).scalar_one()
        assert (await session.execute(text("SELECT txid_current()"))).scalar_one() == first
        await session.execute(text("DROP TABLE reader_probe"))


async def test_pooled_connections_killed_by_the_server_are_replaced_without_an_error(
    kernel_db: tuple[Database, Tables],
) -> None:
    db, _ = kernel_db
    # Fill the pool with several live connections, then have the server drop every one of them.
    async with db.session() as a, db.session() as b, db.reader() as c:
        for session in (a, b, c):
            await session.execute(text("SELECT 1"))
    async with db.engine.connect() as killer:
        killed = (
            await killer.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        ).scalar_one()
    assert killed >= 2
    for _ in range(4):  # each checkout meets a dead connection: the ping replaces it
        async with db.session() as session:
            assert (await session.execute(text("SELECT 1"))).scalar_one() == 1
        async with db.reader() as reader:
            assert (await reader.execute(text("SELECT 1"))).scalar_one() == 1


async def test_a_nul_character_is_the_callers_input_error_and_writes_nothing(
    kernel_db: tuple[Database, Tables],
) -> None:
    db, _ = kernel_db
    async with db.session() as session:
        await session.execute(text("CREATE TABLE IF NOT EXISTS nul_probe (t text)"))
        await session.execute(text("TRUNCATE nul_probe"))
    with pytest.raises(InvalidInput) as refused:
        async with db.session() as session:
            await session.execute(text("INSERT INTO nul_probe VALUES ('kept?')"))
            await session.execute(text("INSERT INTO nul_probe VALUES (:t)"), {"t": "a\x00b"})
    assert refused.value.code == "invalid_text" and "NUL" in refused.value.detail
    with pytest.raises(InvalidInput):
        async with db.reader() as reader:
            await reader.execute(text("SELECT count(*) FROM nul_probe WHERE t = :t"), {"t": "a\x00b"})
    async with db.session() as session:
        assert (await session.execute(text("SELECT count(*) FROM nul_probe"))).scalar_one() == 0  # rolled back
        await session.execute(text("DROP TABLE nul_probe"))


async def test_commit_callbacks_run_only_for_what_the_transaction_wrote(kernel_db: tuple[Database, Tables]) -> None:
    db, _ = kernel_db
    woken: list[str] = []
    db.on_commit(lambda: woken.append("deliveries"), wrote="probe_deliveries")
    db.on_commit(lambda: woken.append("mail"), wrote="probe_mail")
    async with db.session() as session:
        await session.execute(text("SELECT 1"))
    assert woken == []  # wrote nothing of either kind
    async with db.session() as session:
        session.info["probe_mail"] = True
    assert woken == ["mail"]
    with pytest.raises(RuntimeError):
        async with db.session() as session:
            session.info["probe_deliveries"] = True
            raise RuntimeError("rolled back")
    assert woken == ["mail"]  # nothing committed, nobody woken
    async with db.session() as session:
        session.info["probe_deliveries"] = session.info["probe_mail"] = True
    assert sorted(woken) == ["deliveries", "mail", "mail"]
