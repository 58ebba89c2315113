"""UpdateResource and DeleteResource: partial changes validated whole, events, soft delete."""

from __future__ import annotations

import uuid

import grpc
from rr.catalog.v1 import catalog_pb2, events_pb2

from services.catalog.tests.support import events_for, update


class TestUpdate:
    async def test_only_named_fields_change_and_an_event_names_them(self, catalog, admin, create_resource, db):
        resource = await create_resource(description="old", capacity=4, tags=["a"])
        rules = catalog_pb2.BookingRules(min_duration_minutes=30, buffer_after_minutes=10)
        answer = await catalog.UpdateResource(
            update(
                resource.id,
                ["description", "rules", "attributes"],
                description="new",
                rules=rules,
                attributes={"floor": "2"},
            ),
            metadata=admin,
        )
        updated = answer.resource
        assert (updated.description, updated.capacity, list(updated.tags)) == ("new", 4, ["a"])
        assert updated.rules.min_duration_minutes == 30 and updated.rules.buffer_after_minutes == 10
        assert dict(updated.attributes) == {"floor": "2"}
        [event] = await events_for(db, "rr.catalog.resource.updated", events_pb2.ResourceUpdated, resource.id)
        assert list(event.changed_fields) == ["description", "rules", "attributes"]
        assert event.resource == updated

    async def test_clearing_capacity(self, catalog, admin, create_resource):
        resource = await create_resource(capacity=4)
        updated = (await catalog.UpdateResource(update(resource.id, ["capacity"]), metadata=admin)).resource
        assert not updated.HasField("capacity")

    async def test_rename_to_a_taken_name_conflicts_and_changes_nothing(self, catalog, admin, create_resource, refused):
        first, second = await create_resource(), await create_resource(description="keep")
        code, payload = await refused(
            catalog.UpdateResource(
                update(second.id, ["name", "description"], name=first.name.upper(), description="x"), metadata=admin
            )
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS and payload["code"] == "resource_name_taken"
        again = (await catalog.GetResource(catalog_pb2.GetResourceRequest(id=second.id), metadata=admin)).resource
        assert (again.name, again.description) == (second.name, "keep")

    async def test_invalid_values_are_reported_together(self, catalog, admin, create_resource, refused):
        resource = await create_resource()
        rules = catalog_pb2.BookingRules(min_duration_minutes=60, max_duration_minutes=30)
        code, payload = await refused(
            catalog.UpdateResource(
                update(resource.id, ["timezone", "rules", "group_id"], timezone="Mars/Base", rules=rules),
                metadata=admin,
            )
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert {e["loc"] for e in payload["errors"]} == {"timezone", "rules.max_duration_minutes"}

    async def test_unknown_group_is_refused(self, catalog, admin, create_resource, refused):
        resource = await create_resource()
        code, payload = await refused(
            catalog.UpdateResource(update(resource.id, ["group_id"], group_id=987654), metadata=admin)
        )
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert payload["errors"][0]["loc"] == "group_id" and "987654" in payload["detail"]

    async def test_available_false_is_a_status_change_with_its_event(self, catalog, admin, create_resource, db):
        resource = await create_resource()
        updated = (
            await catalog.UpdateResource(update(resource.id, ["available"], available=False), metadata=admin)
        ).resource
        assert updated.status == "unavailable"
        [event] = await events_for(
            db, "rr.catalog.resource.status_changed", events_pb2.ResourceStatusChanged, resource.id
        )
        assert (event.previous_status, event.status) == ("available", "unavailable")

    async def test_same_values_in_another_order_change_nothing(self, catalog, admin, create_resource, db):
        first = (
            await catalog.CreateLabel(catalog_pb2.CreateLabelRequest(name=f"L1 {uuid.uuid4().hex[:8]}"), metadata=admin)
        ).label
        second = (
            await catalog.CreateLabel(catalog_pb2.CreateLabelRequest(name=f"L2 {uuid.uuid4().hex[:8]}"), metadata=admin)
        ).label
        resource = await create_resource(label_ids=[second.id, first.id])
        await catalog.UpdateResource(
            update(resource.id, ["label_ids"], label_ids=[first.id, second.id]), metadata=admin
        )
        assert await events_for(db, "rr.catalog.resource.updated", events_pb2.ResourceUpdated, resource.id) == []

    async def test_plain_user_cannot_update(self, catalog, user, create_resource, refused):
        resource = await create_resource()
        code, _ = await refused(
            catalog.UpdateResource(update(resource.id, ["description"], description="x"), metadata=user)
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED


class TestDelete:
    async def test_deleted_resource_disappears_and_its_event_is_written(
        self, catalog, admin, user, create_resource, db, refused
    ):
        resource = await create_resource()
        await catalog.DeleteResource(catalog_pb2.DeleteResourceRequest(id=resource.id), metadata=admin)
        code, _ = await refused(catalog.GetResource(catalog_pb2.GetResourceRequest(id=resource.id), metadata=user))
        assert code == grpc.StatusCode.NOT_FOUND
        [event] = await events_for(db, "rr.catalog.resource.deleted", events_pb2.ResourceDeleted, resource.id)
        assert event.name == resource.name
        code, _ = await refused(
            catalog.DeleteResource(catalog_pb2.DeleteResourceRequest(id=resource.id), metadata=admin)
        )
        assert code == grpc.StatusCode.NOT_FOUND
