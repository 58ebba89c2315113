"""Every query of CSV import and export: staging rows with COPY, checking them across the whole
file and against the catalog, applying them in one set-based statement, and reading resources
for an export."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.groups.domain import path_ids
from rr_catalog.models import LIVE, ImportRow, ImportSession, Resource, ResourceGroup

STAGED_COLUMNS = (
    "import_id",
    "line",
    "name",
    "description",
    "location",
    "capacity",
    "tags",
    "status",
    "group_id",
    "timezone",
    "search_text",
    "error",
)
# Columns an upsert may overwrite, by CSV column.
UPDATABLE = {
    "description": ("description",),
    "location": ("location",),
    "capacity": ("capacity",),
    "tags": ("tags",),
    "group": ("group_id",),
    "timezone": ("timezone",),
}
ERRORS_SHOWN = 1000

MARK_DUPLICATES = text("""
UPDATE import_rows r SET error = format('The name ''%s'' is already used on line %s of this file.', r.name, d.first)
FROM (
    SELECT line, min(line) OVER (PARTITION BY lower(name)) AS first
    FROM import_rows WHERE import_id = :import_id AND error IS NULL
) d
WHERE r.import_id = :import_id AND r.line = d.line AND d.line <> d.first
""")
MARK_EXISTING = text("""
UPDATE import_rows r SET error = format('A resource named ''%s'' already exists; use upsert mode to update it.', r.name)
WHERE r.import_id = :import_id AND r.error IS NULL
  AND EXISTS (SELECT 1 FROM resources x WHERE lower(x.name) = lower(r.name) AND x.deleted_at IS NULL)
""")
INSERT_COLUMNS = "name, description, location, capacity, tags, status, group_id, timezone, search_text"
CREATE = text(f"""
INSERT INTO resources ({INSERT_COLUMNS})
SELECT {INSERT_COLUMNS} FROM import_rows WHERE import_id = :import_id AND error IS NULL ORDER BY line
""")


def upsert_statement(columns: Sequence[str]) -> Any:
    """INSERT ... ON CONFLICT on the live-name index; only the file's columns are overwritten, and
    a row that changes nothing is left alone (counted as skipped)."""
    targets = ["name"] + [col for csv in columns for col in UPDATABLE.get(csv, ())]

    def value(col: str) -> str:
        return f"EXCLUDED.{col}" if col in targets else f"resources.{col}"

    same_availability = "(EXCLUDED.status = 'available') = (resources.status = 'available')"
    sets = [f"{col} = EXCLUDED.{col}" for col in targets]
    sets += [
        f"status = CASE WHEN {same_availability} THEN resources.status ELSE EXCLUDED.status END",
        f"status_reason = CASE WHEN {same_availability} THEN resources.status_reason ELSE '' END",
        f"status_until = CASE WHEN {same_availability} THEN resources.status_until END",
        "search_text = lower(concat_ws(' ', EXCLUDED.name, {d}, array_to_string({t}, ' '), {loc}))".format(
            d=value("description"), t=value("tags"), loc=value("location")
        ),
        "updated_at = now()",
    ]
    changed = " OR ".join(
        [f"resources.{col} IS DISTINCT FROM EXCLUDED.{col}" for col in targets] + [f"NOT {same_availability}"]
    )
    return text(f"""
INSERT INTO resources ({INSERT_COLUMNS})
SELECT {INSERT_COLUMNS} FROM import_rows WHERE import_id = :import_id AND error IS NULL ORDER BY line
ON CONFLICT (lower(name)) WHERE deleted_at IS NULL DO UPDATE SET {", ".join(sets)}
WHERE {changed}
RETURNING (xmax = 0) AS created, id
""")


class ImportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, row: ImportSession) -> None:
        self.session.add(row)
        await self.session.flush()

    async def by_id(self, import_id: str, *, for_update: bool = False) -> ImportSession | None:
        stmt = select(ImportSession).where(ImportSession.id == import_id)
        return await self.session.scalar(stmt.with_for_update() if for_update else stmt)

    async def group_paths(self) -> list[tuple[int, str]]:
        """Every group with its path of names ('hq/building a'), for naming groups in a file."""
        rows = (await self.session.execute(select(ResourceGroup.id, ResourceGroup.name, ResourceGroup.path))).all()
        names = {row[0]: row[1] for row in rows}
        return [(row[0], "/".join(names.get(i, "") for i in path_ids(row[2]))) for row in rows]

    async def stage(self, records: Sequence[tuple[Any, ...]]) -> None:
        """COPY rows into the staging table inside the session's transaction."""
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        await driver.copy_records_to_table("import_rows", records=records, columns=STAGED_COLUMNS)

    async def mark_conflicts(self, import_id: str, mode: str) -> None:
        await self.session.execute(MARK_DUPLICATES, {"import_id": import_id})
        if mode == "create":
            await self.session.execute(MARK_EXISTING, {"import_id": import_id})

    async def counts(self, import_id: str) -> tuple[int, int]:
        """(rows, rows with an error)."""
        stmt = select(func.count(), func.count(ImportRow.error)).where(ImportRow.import_id == import_id)
        rows, errors = (await self.session.execute(stmt)).one()
        return int(rows), int(errors)

    async def errors(self, import_id: str) -> list[tuple[int, str]]:
        stmt = (
            select(ImportRow.line, ImportRow.error)
            .where(ImportRow.import_id == import_id, ImportRow.error.is_not(None))
            .order_by(ImportRow.line)
            .limit(ERRORS_SHOWN)
        )
        return [(row[0], row[1] or "") for row in (await self.session.execute(stmt)).all()]

    async def apply(self, import_id: str, mode: str, columns: Sequence[str]) -> tuple[int, int, list[int]]:
        """(created, updated, ids of the resources updated)."""
        if mode == "create":
            result = await self.session.execute(CREATE, {"import_id": import_id})
            return int(result.rowcount or 0), 0, []  # type: ignore[attr-defined]
        rows = (await self.session.execute(upsert_statement(columns), {"import_id": import_id})).all()
        created = sum(1 for flag, _ in rows if flag)
        return created, len(rows) - created, [resource_id for flag, resource_id in rows if not flag]

    async def merge_pending_index_entries(self) -> None:
        """A bulk insert leaves its GIN entries in the indexes' pending lists, which every search
        then scans (and the planner avoids the index): merge them now instead of at the next
        autovacuum."""
        await self.session.execute(
            text(
                "SELECT gin_clean_pending_list('ix_resources_search_trgm'), gin_clean_pending_list('ix_resources_tags')"
            )
        )

    async def discard(self, import_id: str) -> None:
        await self.session.execute(delete(ImportRow).where(ImportRow.import_id == import_id))
        await self.session.execute(delete(ImportSession).where(ImportSession.id == import_id))

    async def discard_older_than(self, seconds: int) -> None:
        stale = select(ImportSession.id).where(
            ImportSession.created_at < func.now() - func.make_interval(0, 0, 0, 0, 0, 0, seconds)
        )
        await self.session.execute(delete(ImportSession).where(ImportSession.id.in_(stale)))

    async def export_page(self, after_id: int, limit: int) -> Sequence[Resource]:
        """Live resources after `after_id` in id order."""
        stmt = select(Resource).where(LIVE, Resource.id > after_id).order_by(Resource.id).limit(limit)
        return (await self.session.scalars(stmt)).all()
