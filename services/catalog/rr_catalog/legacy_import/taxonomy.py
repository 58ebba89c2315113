"""The old system's resource groups (a tree: building, floor, room) and labels. A group named
like an existing sibling, or a label named like an existing one, is merged into it (answered as a
conflict that says so) rather than refused: resources of the old system still find their group."""

from __future__ import annotations

from collections.abc import Sequence

from rr.catalog.v1 import legacy_import_pb2
from rr.common.v1 import legacy_import_pb2 as common_pb2
from sqlalchemy.ext.asyncio import AsyncSession

from rr_catalog.groups.domain import DEPTH_MAX, child_path, path_ids
from rr_catalog.groups.repository import GroupRepository
from rr_catalog.labels.domain import COLOR, DEFAULT_COLOR, NAME_MAX
from rr_catalog.labels.repository import LabelRepository
from rr_catalog.models import Label, ResourceGroup, legacy_import_records
from rr_common.legacy_import import ALREADY_THERE, CONFLICT, CREATED, SKIPPED, ImportRecords, row

GROUP, LABEL = "group", "label"


class TaxonomyImport:
    async def groups(
        self, session: AsyncSession, items: Sequence[legacy_import_pb2.LegacyGroup], dry_run: bool, source: str
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(
            GROUP, [g.old_id for g in items] + [g.parent_old_id for g in items if g.parent_old_id]
        )
        answers, created = [], {}
        repo = GroupRepository(session)
        for legacy in items:  # parents first
            if legacy.old_id in known:
                answers.append(row(legacy.old_id, known[legacy.old_id], ALREADY_THERE))
                continue
            name = legacy.name.strip()[:100]
            parent = await repo.by_id(known[legacy.parent_old_id]) if legacy.parent_old_id in known else None
            if not name or (legacy.parent_old_id and parent is None and not dry_run):
                answers.append(row(legacy.old_id, 0, SKIPPED, "no name, or its parent group was not imported"))
                continue
            if parent is not None and len(path_ids(parent.path)) >= DEPTH_MAX:
                answers.append(row(legacy.old_id, 0, SKIPPED, f"groups nest at most {DEPTH_MAX} levels deep here"))
                continue
            sibling = await repo.sibling_named(parent.id if parent else None, name)
            if sibling is not None:
                known[legacy.old_id] = created[legacy.old_id] = sibling
                answers.append(
                    row(legacy.old_id, sibling, CONFLICT, f"merged into the existing group #{sibling} of the same name")
                )
            elif dry_run:
                answers.append(row(legacy.old_id, 0, CREATED))
            else:
                group = ResourceGroup(
                    name=name, description=legacy.description[:2000], parent_id=parent.id if parent else None, path=""
                )
                session.add(group)
                await session.flush()
                group.path = child_path(parent.path if parent else "", group.id)
                known[legacy.old_id] = created[legacy.old_id] = group.id
                answers.append(row(legacy.old_id, group.id, CREATED, renumbered=str(group.id) != legacy.old_id))
        if not dry_run:
            await session.flush()
            await records.record(GROUP, created)
        return answers

    async def labels(
        self, session: AsyncSession, items: Sequence[legacy_import_pb2.LegacyLabel], dry_run: bool, source: str
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(LABEL, (label.old_id for label in items))
        answers, created = [], {}
        for legacy in items:
            name = legacy.name.strip()[:NAME_MAX]
            if legacy.old_id in known:
                answers.append(row(legacy.old_id, known[legacy.old_id], ALREADY_THERE))
                continue
            if not name:
                answers.append(row(legacy.old_id, 0, SKIPPED, "no name"))
                continue
            same = await LabelRepository(session).id_named(name)
            if same is not None:
                created[legacy.old_id] = same
                answers.append(
                    row(legacy.old_id, same, CONFLICT, f"merged into the existing label #{same} of the same name")
                )
            elif dry_run:
                answers.append(row(legacy.old_id, 0, CREATED))
            else:
                color = legacy.color.strip().lower()
                label = Label(
                    name=name,
                    color=color if COLOR.match(color) else DEFAULT_COLOR,
                    description=legacy.description[:500],
                )
                session.add(label)
                await session.flush()
                created[legacy.old_id] = label.id
                answers.append(row(legacy.old_id, label.id, CREATED, renumbered=str(label.id) != legacy.old_id))
        if not dry_run:
            await records.record(LABEL, created)
        return answers
