"""Plumbing every service's import of the old system shares: who may call it, and the table that
records each imported old row with the id it became (what makes a second run a no-op and a
stopped run resumable).

    legacy_import_records = define_import_records(Base.metadata)   # in models.py
    principal = require_importer()                                  # first line of the RPC
    rows = await import_batch(app.db, app.user_import.run, request.users, request)  # a whole RPC
    records = ImportRecords(session, legacy_import_records)
    await records.lock()                    # one import writer per service at a time
    known = await records.recorded("user", ["1", "2"])   # {"1": 1}
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from rr.common.v1 import legacy_import_pb2
from sqlalchemy import BigInteger, Column, DateTime, FromClause, MetaData, String, Table, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_common.authz import require_principal
from rr_common.context import Principal
from rr_common.db import Database
from rr_common.errors import PermissionDenied

IMPORT_SCOPE = "data:import"
CREATED = legacy_import_pb2.IMPORT_OUTCOME_CREATED
ALREADY_THERE = legacy_import_pb2.IMPORT_OUTCOME_ALREADY_THERE
SKIPPED = legacy_import_pb2.IMPORT_OUTCOME_SKIPPED
CONFLICT = legacy_import_pb2.IMPORT_OUTCOME_CONFLICT


def require_importer() -> Principal:
    """Only a service token (client credentials) granted data:import. A user's token is refused
    even for an administrator: an import writes ids, hashes and history no person may forge."""
    principal = require_principal()
    if not principal.is_service or IMPORT_SCOPE not in principal.scopes:
        raise PermissionDenied(f"Importing the old system needs a service token with the '{IMPORT_SCOPE}' scope.")
    return principal


Item = TypeVar("Item")
Row = TypeVar("Row")


class ImportRequest(Protocol):
    """What every Import* request carries besides its batch."""

    @property
    def dry_run(self) -> bool: ...

    @property
    def source(self) -> str: ...


async def import_batch(
    db: Database,
    run: Callable[[AsyncSession, Sequence[Item], bool, str], Awaitable[Row]],
    items: Sequence[Item],
    request: ImportRequest,
) -> Row:
    """The body of an Import* RPC: only an importer, then `run` (the service's import of one
    kind of old row, which writes nothing on a dry run) on the batch in one transaction."""
    require_importer()
    async with db.session() as session:
        return await run(session, items, request.dry_run, request.source)


def define_import_records(metadata: MetaData) -> Table:
    """(kind, old id) -> new id, declared on the service's own metadata so its migrations include it."""
    return Table(
        "legacy_import_records",
        metadata,
        Column("kind", String(40), primary_key=True),
        Column("old_id", String(64), primary_key=True),
        Column("new_id", BigInteger, nullable=False),
        Column("imported_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    )


def row(
    old_id: str, new_id: int, outcome: int, detail: str = "", renumbered: bool = False
) -> legacy_import_pb2.ImportedRow:
    return legacy_import_pb2.ImportedRow(
        old_id=old_id,
        new_id=new_id,
        outcome=outcome,  # type: ignore[arg-type]
        detail=detail,
        renumbered=renumbered,
    )


class ImportRecords:
    """`source` names the old database: its ids are unique only within it, so a second database
    imported into the same system gets records of its own (and new ids, the target being in use)."""

    def __init__(self, session: AsyncSession, table: Table, source: str = "") -> None:
        self.session = session
        self.table = table
        self.prefix = f"{source[:20]}:" if source else ""

    async def lock(self) -> None:
        """Serialise imports into this service (two importers must not both create one row)."""
        await self.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('rr_legacy_import'))"))

    async def recorded(self, kind: str, old_ids: Iterable[str]) -> dict[str, int]:
        ids = list(old_ids)
        if not ids:
            return {}
        t = self.table
        found = await self.session.execute(
            select(t.c.old_id, t.c.new_id).where(t.c.kind == self.prefix + kind, t.c.old_id.in_(ids))
        )
        return {old: new for old, new in found.tuples()}

    async def record(self, kind: str, pairs: Mapping[str, int]) -> None:
        if pairs:
            rows = [{"kind": self.prefix + kind, "old_id": old, "new_id": new} for old, new in pairs.items()]
            await self.session.execute(insert(self.table).on_conflict_do_nothing(), rows)

    async def target_is_empty(self, kind: str, target: FromClause) -> bool:
        """True when `target` holds no row other than ones imported as `kind`: old ids can be
        kept (old bookmarks keep working). Asked per batch, so a resumed run decides the same."""
        t = self.table
        imported = select(t.c.new_id).where(t.c.kind == self.prefix + kind)
        other = await self.session.scalar(select(func.count()).select_from(target).where(target.c.id.not_in(imported)))
        return not other

    async def keepable_ids(self, kind: str, target: FromClause, old_ids: Iterable[str]) -> set[int]:
        """Which of the (numeric) `old_ids` a new row of `target` may keep as its id: those still
        free while `target` holds nothing but rows imported as `kind`, none once it holds others."""
        if not await self.target_is_empty(kind, target):
            return set()
        return await self.free_ids(target, [int(i) for i in old_ids if i.isdigit()])

    async def free_ids(self, target: FromClause, wanted: Sequence[int]) -> set[int]:
        """Which of `wanted` no row of `target` uses yet."""
        if not wanted:
            return set()
        used = await self.session.scalars(select(target.c.id).where(target.c.id.in_(list(wanted))))
        return set(wanted) - set(used)

    async def advance_sequence(self, target: FromClause) -> None:
        """After rows were inserted with explicit ids, the id sequence must start past them."""
        name = str(getattr(target, "name"))  # noqa: B009 - a FromClause that is a Table
        await self.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), coalesce(max(id), 0) + 1, false) FROM {name}")
        )
