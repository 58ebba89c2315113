"""CheckBookable: booking asks before every write whether each slot can be booked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
from rr.catalog.v1 import catalog_pb2
from rr.common.v1 import common_pb2

from rr_common.timeconv import to_timestamp

START = datetime(2030, 5, 6, 9, 0, tzinfo=UTC)


def slot(start: datetime, hours: float) -> common_pb2.TimeRange:
    return common_pb2.TimeRange(start=to_timestamp(start), end=to_timestamp(start + timedelta(hours=hours)))


def check(resource_id: int, *slots: common_pb2.TimeRange) -> catalog_pb2.CheckBookableRequest:
    return catalog_pb2.CheckBookableRequest(resource_id=resource_id, slots=slots)


class TestCheckBookable:
    async def test_available_resource_accepts_valid_slots(self, catalog, user, create_resource):
        resource = await create_resource(available=True)
        response = await catalog.CheckBookable(check(resource.id, slot(START, 1), slot(START, 2)), metadata=user)
        assert response.resource == resource
        assert [(v.bookable, v.code) for v in response.verdicts] == [(True, ""), (True, "")]

    async def test_unavailable_resource_refuses_each_slot_with_a_reason(self, catalog, user, create_resource):
        resource = await create_resource(available=False)
        response = await catalog.CheckBookable(check(resource.id, slot(START, 1), slot(START, 3)), metadata=user)
        assert [(v.bookable, v.code) for v in response.verdicts] == [(False, "resource_unavailable")] * 2
        assert "unavailable" in response.verdicts[0].reason

    async def test_maintenance_is_not_bookable(self, catalog, user, create_resource, db):
        resource = await create_resource(available=True)
        await db.execute("UPDATE resources SET status = 'maintenance' WHERE id = $1", resource.id)
        response = await catalog.CheckBookable(check(resource.id, slot(START, 1)), metadata=user)
        assert response.verdicts[0].code == "resource_unavailable"
        assert "maintenance" in response.verdicts[0].reason

    async def test_each_slot_gets_its_own_verdict_in_order(self, catalog, user, create_resource):
        resource = await create_resource(available=True)
        empty = common_pb2.TimeRange(start=to_timestamp(START), end=to_timestamp(START))
        backwards = slot(START, -1)
        no_end = common_pb2.TimeRange(start=to_timestamp(START))
        response = await catalog.CheckBookable(
            check(resource.id, slot(START, 1), empty, backwards, no_end), metadata=user
        )
        assert [(v.bookable, v.code) for v in response.verdicts] == [
            (True, ""),
            (False, "invalid_range"),
            (False, "invalid_range"),
            (False, "invalid_range"),
        ]
        assert all(v.reason for v in response.verdicts[1:])

    async def test_unknown_resource_is_not_found(self, catalog, user, refused):
        code, payload = await refused(catalog.CheckBookable(check(987654321, slot(START, 1)), metadata=user))
        assert code == grpc.StatusCode.NOT_FOUND
        assert payload["code"] == "resource_not_found"

    async def test_deleted_resource_is_not_found(self, catalog, user, create_resource, db, refused):
        resource = await create_resource()
        await db.execute("UPDATE resources SET deleted_at = now() WHERE id = $1", resource.id)
        code, payload = await refused(catalog.CheckBookable(check(resource.id, slot(START, 1)), metadata=user))
        assert code == grpc.StatusCode.NOT_FOUND
        assert payload["code"] == "resource_not_found"

    async def test_without_a_token_is_unauthenticated(self, catalog, create_resource, refused):
        resource = await create_resource()
        code, _ = await refused(catalog.CheckBookable(check(resource.id, slot(START, 1))))
        assert code == grpc.StatusCode.UNAUTHENTICATED
