"""CSV import as a session: begin with the header, stage rows batch by batch (each validated on
arrival), then finish: check the file as a whole and against the catalog, and either apply every
valid row in one transaction, or (all-or-nothing with errors, or a dry run) write nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_bookability
from rr_catalog.imports.domain import ROWS_PER_CALL, ImportPlan, group_lookup, stage_row
from rr_catalog.imports.repository import ImportRepository
from rr_catalog.models import ImportSession
from rr_common.errors import Conflict, InvalidInput, NotFound

STALE_SECONDS = 3600
BIG_IMPORT_ROWS = 1000


@dataclass(frozen=True)
class ImportReport:
    rows: int
    created: int
    updated: int
    skipped: int
    error_count: int
    errors: list[tuple[int, str]]
    applied: bool
    dry_run: bool


async def begin_import(session: AsyncSession, user_id: int, plan: ImportPlan) -> str:
    import_id = str(uuid.uuid4())
    row = ImportSession(
        id=import_id, user_id=user_id, mode=plan.mode, dry_run=plan.dry_run, partial=plan.partial, columns=plan.columns
    )
    await ImportRepository(session).add(row)
    return import_id


async def owned_import(session: AsyncSession, import_id: str, user_id: int) -> ImportSession:
    """Only the user who began an import may continue it; others are told it does not exist."""
    try:
        uuid.UUID(import_id)
    except ValueError:
        raise NotFound(
            "That import does not exist (or has expired); start a new upload.", code="import_not_found"
        ) from None
    row = await ImportRepository(session).by_id(import_id, for_update=True)
    if row is None or row.user_id != user_id:
        raise NotFound("That import does not exist (or has expired); start a new upload.", code="import_not_found")
    return row


async def add_rows(
    session: AsyncSession, import_id: str, user_id: int, rows: Sequence[tuple[int, Sequence[str]]]
) -> tuple[int, int]:
    if len(rows) > ROWS_PER_CALL:
        raise InvalidInput(f"Send at most {ROWS_PER_CALL} rows per call.", code="too_many_rows")
    plan = await owned_import(session, import_id, user_id)
    repo = ImportRepository(session)
    groups = group_lookup(await repo.group_paths()) if "group" in plan.columns else {}
    records = [(import_id, line, *stage_row(plan.columns, cells, groups)) for line, cells in rows]
    try:
        await repo.stage(records)
    except asyncpg.UniqueViolationError as exc:  # COPY runs on the driver, so its own error type
        raise InvalidInput("Some of these lines were already sent for this import.", code="duplicate_lines") from exc
    rejected = sum(1 for record in records if record[-1] is not None)
    return len(records) - rejected, rejected


async def finish_import(session: AsyncSession, import_id: str, user_id: int) -> ImportReport:
    plan = await owned_import(session, import_id, user_id)
    repo = ImportRepository(session)
    await repo.mark_conflicts(import_id, plan.mode)
    rows, error_count = await repo.counts(import_id)
    errors = await repo.errors(import_id)
    applicable = error_count == 0 or plan.partial
    created = updated = 0
    if applicable and plan.dry_run:
        # Apply inside a savepoint and roll it back: exact counts, nothing written.
        savepoint = await session.begin_nested()
        created, updated, _ = await repo.apply(import_id, plan.mode, plan.columns)
        await savepoint.rollback()
    elif applicable:
        try:
            # Booking asks catalog about a resource it has not heard of on first use; one it
            # already judges from a snapshot must hear of the change.
            created, updated, changed = await repo.apply(import_id, plan.mode, plan.columns)
        except IntegrityError as exc:
            raise Conflict(
                "A resource with one of these names was created meanwhile; run the import again.",
                code="import_conflict",
            ) from exc
        if created or updated:
            await events.import_completed(session, import_id, created, updated)
            await publish_bookability(session, changed)
    await repo.discard(import_id)
    skipped = rows - error_count - created - updated if applicable else 0
    return ImportReport(
        rows, created, updated, skipped, error_count, errors, applicable and not plan.dry_run, plan.dry_run
    )


async def tidy_after_import(session: AsyncSession, report: ImportReport) -> None:
    if report.applied and report.created + report.updated >= BIG_IMPORT_ROWS:
        await ImportRepository(session).merge_pending_index_entries()


async def abort_import(session: AsyncSession, import_id: str, user_id: int) -> None:
    await owned_import(session, import_id, user_id)
    await ImportRepository(session).discard(import_id)


async def discard_stale_imports(session: AsyncSession) -> None:
    await ImportRepository(session).discard_older_than(STALE_SECONDS)
