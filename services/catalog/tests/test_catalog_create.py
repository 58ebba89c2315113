"""CreateResource: who may create, what is validated, what is stored."""

from __future__ import annotations

import grpc
import pytest
from rr.catalog.v1 import catalog_pb2


class TestWhoMayCreate:
    async def test_admin_creates_and_gets_it_back(self, catalog, admin, unique_name):
        request = catalog_pb2.CreateResourceRequest(
            name=f"  {unique_name('Lab')}  ",
            description="Wet lab",
            location="Building 2",
            capacity=12,
            tags=["lab", "bio"],
            timezone="Europe/Berlin",
            available=True,
            requires_approval=True,
        )
        created = (await catalog.CreateResource(request, metadata=admin)).resource
        assert created.id > 0
        assert created.name == request.name.strip()
        assert (created.location, created.capacity, list(created.tags)) == ("Building 2", 12, ["lab", "bio"])
        assert (created.timezone, created.status, created.requires_approval) == ("Europe/Berlin", "available", True)
        assert created.created_at.seconds > 0 and created.updated_at.seconds > 0
        fetched = (await catalog.GetResource(catalog_pb2.GetResourceRequest(id=created.id), metadata=admin)).resource
        assert fetched == created

    async def test_manager_may_create(self, catalog, manager, unique_name):
        request = catalog_pb2.CreateResourceRequest(name=unique_name("Desk"))
        response = await catalog.CreateResource(request, metadata=manager)
        assert response.resource.id > 0

    async def test_plain_user_is_refused(self, catalog, user, unique_name, refused, db):
        request = catalog_pb2.CreateResourceRequest(name=unique_name("Desk"))
        code, payload = await refused(catalog.CreateResource(request, metadata=user))
        assert code == grpc.StatusCode.PERMISSION_DENIED
        assert payload["code"] == "permission_denied"
        assert await db.fetchval("SELECT count(*) FROM resources WHERE name = $1", request.name) == 0

    async def test_without_a_token_is_unauthenticated(self, catalog, unique_name, refused):
        code, _ = await refused(catalog.CreateResource(catalog_pb2.CreateResourceRequest(name=unique_name("Desk"))))
        assert code == grpc.StatusCode.UNAUTHENTICATED

    async def test_a_tampered_token_is_unauthenticated(self, catalog, admin, unique_name, refused):
        tampered = (("authorization", admin[0][1][:-6] + "AAAAAA"),)
        request = catalog_pb2.CreateResourceRequest(name=unique_name("Desk"))
        code, payload = await refused(catalog.CreateResource(request, metadata=tampered))
        assert code == grpc.StatusCode.UNAUTHENTICATED
        assert payload["code"] == "invalid_token"


class TestDefaults:
    async def test_minimal_resource(self, create_resource):
        created = await create_resource()
        assert created.timezone == "UTC"
        assert not created.HasField("capacity")
        assert (created.description, created.location, list(created.tags)) == ("", "", [])
        assert created.requires_approval is False

    async def test_not_available_means_status_unavailable(self, create_resource):
        created = await create_resource(available=False)
        assert created.status == "unavailable"

    async def test_zero_capacity_is_kept(self, create_resource):
        created = await create_resource(capacity=0)
        assert created.HasField("capacity") and created.capacity == 0

    async def test_tags_are_trimmed_and_deduplicated(self, create_resource):
        created = await create_resource(tags=["  Projector ", "projector", "", "whiteboard", "Whiteboard  "])
        assert list(created.tags) == ["Projector", "whiteboard"]


class TestUniqueNames:
    async def test_same_name_in_other_case_conflicts(self, catalog, admin, create_resource, unique_name, refused):
        first = await create_resource(name=unique_name("Board Room"))
        request = catalog_pb2.CreateResourceRequest(name=f" {first.name.upper()} ")
        code, payload = await refused(catalog.CreateResource(request, metadata=admin))
        assert code == grpc.StatusCode.ALREADY_EXISTS
        assert payload["code"] == "resource_name_taken"
        assert first.name.upper() in payload["detail"]

    async def test_name_of_a_deleted_resource_can_be_reused(self, create_resource, db):
        first = await create_resource()
        await db.execute("UPDATE resources SET deleted_at = now() WHERE id = $1", first.id)
        second = await create_resource(name=first.name.lower())
        assert second.id != first.id


class TestValidation:
    @pytest.mark.parametrize(
        ("fields", "loc"),
        [
            ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
            ({"timezone": "../../etc/passwd"}, "timezone"),
            ({"timezone": "America"}, "timezone"),
            ({"capacity": -1}, "capacity"),
            ({"name": "   "}, "name"),
            ({"name": "x" * 201}, "name"),
            ({"location": "y" * 201}, "location"),
            ({"tags": ["t" * 51]}, "tags"),
            ({"tags": [f"tag{i}" for i in range(51)]}, "tags"),
        ],
    )
    async def test_invalid_input_is_refused_with_a_reason(self, catalog, admin, unique_name, refused, fields, loc):
        request = catalog_pb2.CreateResourceRequest(**{"name": unique_name("Room"), **fields})
        code, payload = await refused(catalog.CreateResource(request, metadata=admin))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert payload["code"] == "validation_failed"
        assert [e["loc"] for e in payload["errors"]] == [loc]
        assert payload["detail"].endswith(".")

    async def test_every_problem_is_reported_at_once(self, catalog, admin, refused):
        request = catalog_pb2.CreateResourceRequest(name="", capacity=-5, timezone="Nowhere/City")
        code, payload = await refused(catalog.CreateResource(request, metadata=admin))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert {e["loc"] for e in payload["errors"]} == {"name", "capacity", "timezone"}
        assert "Nowhere/City" in payload["detail"]

    async def test_a_refused_create_stores_nothing(self, catalog, admin, unique_name, refused, db):
        request = catalog_pb2.CreateResourceRequest(name=unique_name("Ghost"), capacity=-1)
        code, _ = await refused(catalog.CreateResource(request, metadata=admin))
        assert code == grpc.StatusCode.INVALID_ARGUMENT
        assert await db.fetchval("SELECT count(*) FROM resources WHERE name = $1", request.name) == 0
