"""CSV import. A whole file in one call (`import_file`): read it as it arrives, stage its rows
batch by batch (each validated on arrival), then check the file as a whole and against the
catalog, and either apply every valid row or (all-or-nothing with errors, or a dry run) write
nothing. It all runs in the caller's one transaction, so a file refused midway, or a stream
that is cancelled, leaves nothing behind: not a resource, not a staged row.

The same steps as separate calls (begin with the header, add rows, finish, abort) remain for
gateways of the previous release; their rows wait in the staging table between calls.

CSV export reads every live resource, a page at a time, for `csv_format.export_row`."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, Sequence
from dataclasses import dataclass

import asyncpg
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog import events
from rr_catalog.bookable.snapshot import publish_bookability
from rr_catalog.errors import DuplicateLines, ImportConflict, ImportNotFound, TooManyRows
from rr_catalog.imports.csv_format import CsvStream, Row
from rr_catalog.imports.domain import ROWS_PER_CALL, ImportOptions, ImportPlan, group_lookup, import_plan, stage_row
from rr_catalog.imports.repository import ImportRepository
from rr_catalog.models import ImportSession, Resource

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


class ImportService:
    async def import_file(
        self, session: AsyncSession, user_id: int, options: ImportOptions, chunks: AsyncIterable[bytes]
    ) -> ImportReport:
        """Read, stage and finish a whole file in the session's transaction."""
        reader = CsvStream()
        started: ImportSession | None = None
        groups: dict[str, int] = {}
        rows: list[Row] = []
        async for chunk in chunks:
            rows += reader.feed(chunk)
            if started is None and reader.header is not None:
                started, groups = await self._start(session, user_id, options, reader.header)
            while started is not None and len(rows) >= ROWS_PER_CALL:
                await self._stage(session, started, groups, rows[:ROWS_PER_CALL])
                del rows[:ROWS_PER_CALL]
        rows += reader.end()
        if started is None:
            assert reader.header is not None  # end() refuses a file without one
            started, groups = await self._start(session, user_id, options, reader.header)
        if rows:
            await self._stage(session, started, groups, rows)
        return await self._finish(session, started)

    async def begin(self, session: AsyncSession, user_id: int, plan: ImportPlan) -> str:
        return (await self._begin(session, user_id, plan)).id

    async def add_rows(
        self, session: AsyncSession, import_id: str, user_id: int, rows: Sequence[tuple[int, Sequence[str]]]
    ) -> tuple[int, int]:
        """(accepted, rejected) of one batch of rows."""
        if len(rows) > ROWS_PER_CALL:
            raise TooManyRows(f"Send at most {ROWS_PER_CALL} rows per call.")
        started = await self._owned(session, import_id, user_id)
        return await self._stage(session, started, await self._groups(session, started.columns), rows)

    async def finish(self, session: AsyncSession, import_id: str, user_id: int) -> ImportReport:
        return await self._finish(session, await self._owned(session, import_id, user_id))

    async def abort(self, session: AsyncSession, import_id: str, user_id: int) -> None:
        await self._owned(session, import_id, user_id)
        await ImportRepository(session).discard(import_id)

    async def tidy(self, session: AsyncSession, report: ImportReport) -> None:
        """After the import's commit: only index upkeep."""
        if report.applied and report.created + report.updated >= BIG_IMPORT_ROWS:
            await ImportRepository(session).merge_pending_index_entries()

    async def discard_stale(self, session: AsyncSession) -> None:
        await ImportRepository(session).discard_older_than(STALE_SECONDS)

    async def _start(
        self, session: AsyncSession, user_id: int, options: ImportOptions, header: Sequence[str]
    ) -> tuple[ImportSession, dict[str, int]]:
        plan = import_plan(options.mode, options.dry_run, options.partial, header)
        return await self._begin(session, user_id, plan), await self._groups(session, plan.columns)

    async def _begin(self, session: AsyncSession, user_id: int, plan: ImportPlan) -> ImportSession:
        row = ImportSession(
            id=str(uuid.uuid4()),
            user_id=user_id,
            mode=plan.mode,
            dry_run=plan.dry_run,
            partial=plan.partial,
            columns=plan.columns,
        )
        await ImportRepository(session).add(row)
        return row

    async def _owned(self, session: AsyncSession, import_id: str, user_id: int) -> ImportSession:
        """Only the user who began an import may continue it; others are told it does not exist."""
        try:
            uuid.UUID(import_id)
        except ValueError:
            raise ImportNotFound("That import does not exist (or has expired); start a new upload.") from None
        row = await ImportRepository(session).by_id(import_id, for_update=True)
        if row is None or row.user_id != user_id:
            raise ImportNotFound("That import does not exist (or has expired); start a new upload.")
        return row

    async def _groups(self, session: AsyncSession, columns: Sequence[str]) -> dict[str, int]:
        return group_lookup(await ImportRepository(session).group_paths()) if "group" in columns else {}

    async def _stage(
        self,
        session: AsyncSession,
        started: ImportSession,
        groups: dict[str, int],
        rows: Sequence[tuple[int, Sequence[str]]],
    ) -> tuple[int, int]:
        records = [(started.id, line, *stage_row(started.columns, cells, groups)) for line, cells in rows]
        try:
            await ImportRepository(session).stage(records)
        except asyncpg.UniqueViolationError as exc:  # COPY runs on the driver, so its own error type
            raise DuplicateLines("Some of these lines were already sent for this import.") from exc
        rejected = sum(1 for record in records if record[-1] is not None)
        return len(records) - rejected, rejected

    async def _finish(self, session: AsyncSession, plan: ImportSession) -> ImportReport:
        import_id = plan.id
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
                raise ImportConflict(
                    "A resource with one of these names was created meanwhile; run the import again."
                ) from exc
            if created or updated:
                await events.import_completed(session, import_id, created, updated)
                await publish_bookability(session, changed)
        await repo.discard(import_id)
        skipped = rows - error_count - created - updated if applicable else 0
        return ImportReport(
            rows, created, updated, skipped, error_count, errors, applicable and not plan.dry_run, plan.dry_run
        )


class ExportService:
    async def page(self, session: AsyncSession, after_id: int, limit: int) -> Sequence[Resource]:
        """Up to `limit` live resources after `after_id`, in id order."""
        return await ImportRepository(session).export_page(after_id, limit)


async def discard_stale_imports(session: AsyncSession) -> None:
    """Imports begun with the step-by-step calls and never finished (the sweeper's job)."""
    await ImportService().discard_stale(session)
