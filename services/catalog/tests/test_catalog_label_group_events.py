"""rr.catalog.label.changed and rr.catalog.group.changed: each change to a label or a group writes
its event with the change, in the change's transaction; a refused change writes none."""

from __future__ import annotations

import uuid

import grpc
from rr.catalog.v1 import catalog_pb2, events_pb2

LABEL = "rr.catalog.label.changed"
GROUP = "rr.catalog.group.changed"


def name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


async def label_events(db, label_id: int) -> list[events_pb2.LabelChanged]:
    rows = await db.fetch("SELECT payload FROM outbox WHERE subject = $1 ORDER BY id", LABEL)
    found = [events_pb2.LabelChanged.FromString(row["payload"]) for row in rows]
    return [event for event in found if event.label.id == label_id]


async def group_events(db, group_id: int) -> list[events_pb2.GroupChanged]:
    rows = await db.fetch("SELECT payload FROM outbox WHERE subject = $1 ORDER BY id", GROUP)
    found = [events_pb2.GroupChanged.FromString(row["payload"]) for row in rows]
    return [event for event in found if event.group.id == group_id]


async def outbox_size(db) -> int:
    return int(await db.fetchval("SELECT count(*) FROM outbox WHERE subject IN ($1, $2)", LABEL, GROUP))


async def new_label(catalog, admin, **fields) -> catalog_pb2.Label:
    request = catalog_pb2.CreateLabelRequest(name=name("Quiet"), **fields)
    return (await catalog.CreateLabel(request, metadata=admin)).label


async def new_group(catalog, admin, title: str, parent: int | None = None) -> catalog_pb2.ResourceGroup:
    request = catalog_pb2.CreateGroupRequest(name=title)
    if parent is not None:
        request.parent_id = parent
    return (await catalog.CreateGroup(request, metadata=admin)).group


class TestLabelChanged:
    async def test_create_rename_recolour_and_delete(self, catalog, admin, create_resource, db):
        label = await new_label(catalog, admin, color="#00aa00")
        await create_resource(label_ids=[label.id])
        await create_resource(label_ids=[label.id])
        renamed = name("Silent")
        await catalog.UpdateLabel(catalog_pb2.UpdateLabelRequest(id=label.id, name=renamed), metadata=admin)
        await catalog.UpdateLabel(catalog_pb2.UpdateLabelRequest(id=label.id, color="#0000FF"), metadata=admin)
        await catalog.DeleteLabel(catalog_pb2.DeleteLabelRequest(id=label.id), metadata=admin)
        created, renaming, recolouring, deleted = await label_events(db, label.id)
        assert (created.change, created.label, created.resource_count) == ("created", label, 0)
        assert (renaming.change, list(renaming.changed_fields)) == ("updated", ["name"])
        assert (renaming.label.name, renaming.label.color, renaming.resource_count) == (renamed, "#00aa00", 2)
        assert (list(recolouring.changed_fields), recolouring.label.color) == (["color"], "#0000ff")
        assert (deleted.change, deleted.label.name, deleted.resource_count) == ("deleted", renamed, 2)
        assert deleted.header.actor_user_id == 1 and deleted.header.event_id

    async def test_an_update_that_changes_nothing_writes_no_event(self, catalog, admin, db):
        label = await new_label(catalog, admin)
        await catalog.UpdateLabel(catalog_pb2.UpdateLabelRequest(id=label.id, name=label.name), metadata=admin)
        assert [event.change for event in await label_events(db, label.id)] == ["created"]

    async def test_refused_changes_write_no_event(self, catalog, admin, db, refused):
        label, other = await new_label(catalog, admin), await new_label(catalog, admin)
        before = await outbox_size(db)
        code, _ = await refused(
            catalog.UpdateLabel(catalog_pb2.UpdateLabelRequest(id=label.id, name=other.name.upper()), metadata=admin)
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS
        code, _ = await refused(
            catalog.UpdateLabel(catalog_pb2.UpdateLabelRequest(id=label.id, color="red"), metadata=admin)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        code, _ = await refused(catalog.DeleteLabel(catalog_pb2.DeleteLabelRequest(id=987654321), metadata=admin))
        assert code == grpc.StatusCode.NOT_FOUND
        code, _ = await refused(catalog.CreateLabel(catalog_pb2.CreateLabelRequest(name=label.name), metadata=admin))
        assert code == grpc.StatusCode.ALREADY_EXISTS
        assert await outbox_size(db) == before


class TestGroupChanged:
    async def test_create_rename_move_and_delete(self, catalog, admin, db):
        site, other = await new_group(catalog, admin, name("Site")), await new_group(catalog, admin, name("Other"))
        floor = await new_group(catalog, admin, "Floor 2", site.id)
        [created] = await group_events(db, floor.id)
        assert (created.change, created.group, created.HasField("previous_parent_id")) == ("created", floor, False)
        await catalog.UpdateGroup(catalog_pb2.UpdateGroupRequest(id=floor.id, name="Floor 3"), metadata=admin)
        moved = await catalog.UpdateGroup(
            catalog_pb2.UpdateGroupRequest(id=floor.id, move=True, parent_id=other.id), metadata=admin
        )
        await catalog.DeleteGroup(catalog_pb2.DeleteGroupRequest(id=floor.id), metadata=admin)
        _, renaming, moving, deleted = await group_events(db, floor.id)
        assert (renaming.change, list(renaming.changed_fields), renaming.group.name) == ("updated", ["name"], "Floor 3")
        assert renaming.group.parent_id == site.id and not renaming.HasField("previous_parent_id")
        assert (list(moving.changed_fields), moving.group) == (["parent_id"], moved.group)
        assert (moving.group.parent_id, moving.previous_parent_id) == (other.id, site.id)
        assert (deleted.change, deleted.group.path) == ("deleted", f"{other.name} / Floor 3")

    async def test_moving_a_root_under_a_group(self, catalog, admin, db):
        top, root = await new_group(catalog, admin, name("Top")), await new_group(catalog, admin, name("Root"))
        await catalog.UpdateGroup(
            catalog_pb2.UpdateGroupRequest(id=root.id, move=True, parent_id=top.id), metadata=admin
        )
        moving = (await group_events(db, root.id))[-1]
        assert (list(moving.changed_fields), moving.group.parent_id) == (["parent_id"], top.id)
        assert not moving.HasField("previous_parent_id")  # it was a root

    async def test_refused_changes_write_no_event(self, catalog, admin, create_resource, db, refused):
        top = await new_group(catalog, admin, name("Top"))
        below = await new_group(catalog, admin, "Below", top.id)
        await new_group(catalog, admin, "Taken", top.id)
        await create_resource(group_id=below.id)
        before = await outbox_size(db)
        code, _ = await refused(
            catalog.UpdateGroup(
                catalog_pb2.UpdateGroupRequest(id=top.id, move=True, parent_id=below.id), metadata=admin
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        code, _ = await refused(
            catalog.UpdateGroup(catalog_pb2.UpdateGroupRequest(id=below.id, name="TAKEN"), metadata=admin)
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS
        code, _ = await refused(catalog.DeleteGroup(catalog_pb2.DeleteGroupRequest(id=below.id), metadata=admin))
        assert code == grpc.StatusCode.FAILED_PRECONDITION
        code, _ = await refused(new_group(catalog, admin, "Nowhere", 987654321))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert await outbox_size(db) == before
