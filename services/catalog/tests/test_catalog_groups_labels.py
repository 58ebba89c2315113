"""Groups as a tree (create, move, subtree filter, delete only when empty) and labels."""

from __future__ import annotations

import uuid

import grpc
from rr.catalog.v1 import catalog_pb2, events_pb2

from services.catalog.tests.support import events_for, list_request


def name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


async def group(catalog, admin, title: str, parent: int | None = None) -> catalog_pb2.ResourceGroup:
    request = catalog_pb2.CreateGroupRequest(name=title)
    if parent is not None:
        request.parent_id = parent
    return (await catalog.CreateGroup(request, metadata=admin)).group


class TestGroups:
    async def test_tree_paths_and_subtree_filter(self, catalog, admin, user, create_resource):
        site = await group(catalog, admin, name("Site"))
        building = await group(catalog, admin, "Building A", site.id)
        floor = await group(catalog, admin, "Floor 2", building.id)
        other = await group(catalog, admin, name("Elsewhere"))
        assert floor.path == f"{site.name} / Building A / Floor 2"
        assert (floor.depth, list(floor.ancestor_ids)) == (2, [site.id, building.id])
        on_floor = await create_resource(group_id=floor.id)
        in_building = await create_resource(group_id=building.id)
        await create_resource(group_id=other.id)
        found = await catalog.ListResources(list_request(group_id=site.id), metadata=user)
        assert [r.id for r in found.resources] == [on_floor.id, in_building.id]
        subtree = await catalog.ListGroups(catalog_pb2.ListGroupsRequest(root_id=site.id), metadata=user)
        assert [g.id for g in subtree.groups] == [site.id, building.id, floor.id]

    async def test_moving_a_group_moves_its_subtree(self, catalog, admin, user, create_resource):
        a, b = await group(catalog, admin, name("A")), await group(catalog, admin, name("B"))
        child = await group(catalog, admin, "Child", a.id)
        leaf = await group(catalog, admin, "Leaf", child.id)
        resource = await create_resource(group_id=leaf.id)
        moved = (
            await catalog.UpdateGroup(
                catalog_pb2.UpdateGroupRequest(id=child.id, move=True, parent_id=b.id), metadata=admin
            )
        ).group
        assert moved.path == f"{b.name} / Child"
        leaf_now = (await catalog.GetGroup(catalog_pb2.GetGroupRequest(id=leaf.id), metadata=user)).group
        assert list(leaf_now.ancestor_ids) == [b.id, child.id]
        assert [r.id for r in (await catalog.ListResources(list_request(group_id=b.id), metadata=user)).resources] == [
            resource.id
        ]
        assert not (await catalog.ListResources(list_request(group_id=a.id), metadata=user)).resources

    async def test_a_group_cannot_move_under_itself(self, catalog, admin, refused):
        top = await group(catalog, admin, name("Top"))
        below = await group(catalog, admin, "Below", top.id)
        code, payload = await refused(
            catalog.UpdateGroup(
                catalog_pb2.UpdateGroupRequest(id=top.id, move=True, parent_id=below.id), metadata=admin
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["code"] == "group_cycle"

    async def test_sibling_names_are_unique(self, catalog, admin, refused):
        top = await group(catalog, admin, name("Top"))
        await group(catalog, admin, "Floor 1", top.id)
        code, _ = await refused(group(catalog, admin, "FLOOR 1", top.id))
        assert code == grpc.StatusCode.ALREADY_EXISTS

    async def test_only_empty_groups_can_be_deleted(self, catalog, admin, create_resource, refused):
        top = await group(catalog, admin, name("Top"))
        child = await group(catalog, admin, "Child", top.id)
        resource = await create_resource(group_id=child.id)
        for target in (top.id, child.id):
            code, payload = await refused(
                catalog.DeleteGroup(catalog_pb2.DeleteGroupRequest(id=target), metadata=admin)
            )
            assert code == grpc.StatusCode.FAILED_PRECONDITION and payload["code"] == "group_not_empty"
        await catalog.DeleteResource(
            catalog_pb2.DeleteResourceRequest(id=resource.id), metadata=admin
        )  # a deleted one does not hold it
        await catalog.DeleteGroup(catalog_pb2.DeleteGroupRequest(id=child.id), metadata=admin)
        await catalog.DeleteGroup(catalog_pb2.DeleteGroupRequest(id=top.id), metadata=admin)

    async def test_move_resources_emits_updates_and_refuses_unknown_ids(
        self, catalog, admin, create_resource, db, refused
    ):
        target = await group(catalog, admin, name("Target"))
        first, second = await create_resource(), await create_resource()
        moved = await catalog.MoveResources(
            catalog_pb2.MoveResourcesRequest(group_id=target.id, resource_ids=[first.id, second.id]), metadata=admin
        )
        assert moved.moved == 2
        [event] = await events_for(db, "rr.catalog.resource.updated", events_pb2.ResourceUpdated, first.id)
        assert event.resource.group_id == target.id and list(event.changed_fields) == ["group_id"]
        code, _ = await refused(
            catalog.MoveResources(
                catalog_pb2.MoveResourcesRequest(group_id=target.id, resource_ids=[first.id, 987654321]), metadata=admin
            )
        )
        assert code == grpc.StatusCode.NOT_FOUND

    async def test_user_cannot_create_groups(self, catalog, user, refused):
        code, _ = await refused(catalog.CreateGroup(catalog_pb2.CreateGroupRequest(name=name("No")), metadata=user))
        assert code == grpc.StatusCode.PERMISSION_DENIED


class TestLabels:
    async def test_assign_filter_and_show_on_resources(self, catalog, admin, user, create_resource, db):
        quiet = (
            await catalog.CreateLabel(
                catalog_pb2.CreateLabelRequest(name=name("Quiet"), color="#00AA00"), metadata=admin
            )
        ).label
        big = (
            await catalog.CreateLabel(catalog_pb2.CreateLabelRequest(name=name("Big"), color="#0000ff"), metadata=admin)
        ).label
        assert quiet.color == "#00aa00"
        both, only_quiet = await create_resource(), await create_resource(label_ids=[quiet.id])
        await catalog.SetLabelAssignments(
            catalog_pb2.SetLabelAssignmentsRequest(label_id=quiet.id, resource_ids=[both.id], assigned=True),
            metadata=admin,
        )
        await catalog.SetLabelAssignments(
            catalog_pb2.SetLabelAssignmentsRequest(label_id=big.id, resource_ids=[both.id], assigned=True),
            metadata=admin,
        )
        updates = await events_for(db, "rr.catalog.resource.updated", events_pb2.ResourceUpdated, both.id)
        assert [len(e.resource.labels) for e in updates] == [1, 2] and list(updates[-1].changed_fields) == ["label_ids"]
        found = await catalog.ListResources(list_request(label_ids=[quiet.id]), metadata=user)
        assert [r.id for r in found.resources] == [both.id, only_quiet.id]
        assert {label.name for label in found.resources[0].labels} == {quiet.name, big.name}
        found = await catalog.ListResources(list_request(label_ids=[quiet.id, big.id]), metadata=user)
        assert [r.id for r in found.resources] == [both.id]
        await catalog.DeleteLabel(catalog_pb2.DeleteLabelRequest(id=big.id), metadata=admin)
        fetched = (await catalog.GetResource(catalog_pb2.GetResourceRequest(id=both.id), metadata=user)).resource
        assert [label.id for label in fetched.labels] == [quiet.id]

    async def test_bad_colour_and_duplicate_name(self, catalog, admin, refused):
        code, payload = await refused(
            catalog.CreateLabel(catalog_pb2.CreateLabelRequest(name=name("X"), color="red"), metadata=admin)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["errors"][0]["loc"] == "color"
        taken = name("Dup")
        await catalog.CreateLabel(catalog_pb2.CreateLabelRequest(name=taken), metadata=admin)
        code, _ = await refused(catalog.CreateLabel(catalog_pb2.CreateLabelRequest(name=taken.upper()), metadata=admin))
        assert code == grpc.StatusCode.ALREADY_EXISTS

    async def test_unknown_label_on_create_is_refused(self, create_resource, refused):
        code, payload = await refused(create_resource(label_ids=[987654321]))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and payload["errors"][0]["loc"] == "label_ids"
