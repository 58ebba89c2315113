"""Booking judges bookability from its projection of catalog's snapshots: catalog's changes reach
it within a second, a stale event never winds it back, and a resource it has not heard of is
asked of catalog once."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import asyncpg
import grpc
import nats
from prometheus_client import REGISTRY
from rr.catalog.v1 import catalog_pb2, events_pb2

from rr_common.outbox import event_header
from services.booking.tests.support import Booking, create, eventually, hour_slot, refused, uid

SUBJECT = "rr.catalog.resource.bookability_changed"
SEEN_WITHIN = 1.0


async def projected_version(db: asyncpg.Connection, resource_id: int) -> int:
    return int(
        await db.fetchval(
            "SELECT coalesce(max(version), -1) FROM catalog_projection WHERE resource_id = $1", resource_id
        )
    )


async def seen_after(db: asyncpg.Connection, resource_id: int, version: int, limit: float = 15.0) -> float:
    """Seconds until booking's projection holds a version above `version`."""
    began = time.monotonic()

    async def newer() -> bool:
        return await projected_version(db, resource_id) > version

    await eventually(newer, seconds=limit, every=0.01)
    return time.monotonic() - began


def served(method: str) -> float:
    """gRPC calls catalog has answered so far (both services run in this process)."""
    return sum(
        REGISTRY.get_sample_value(
            "rr_grpc_server_requests_total", {"method": f"/rr.catalog.v1.CatalogService/{method}", "code": code}
        )
        or 0.0
        for code in ("OK", "NOT_FOUND")
    )


class TestChangesReachBooking:
    async def test_maintenance_hours_and_blackouts_are_honoured_within_a_second(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        admin, user = booking.as_user(1, "admin"), booking.as_user(uid())
        resource = await booking.new_resource(timezone="UTC")
        await eventually(lambda: _has(db, resource.id))
        delays = []

        # Maintenance: every slot refused.
        version = await projected_version(db, resource.id)
        await booking.catalog.SetResourceStatus(
            catalog_pb2.SetResourceStatusRequest(id=resource.id, status="maintenance", reason="paint"), metadata=admin
        )
        delays.append(await seen_after(db, resource.id, version))
        _, body = await refused(booking.stub.CreateReservation(create(resource.id, *hour_slot(3)), metadata=user))
        assert body["code"] == "resource_unavailable"
        version = await projected_version(db, resource.id)
        await booking.catalog.SetResourceStatus(
            catalog_pb2.SetResourceStatusRequest(id=resource.id, status="available"), metadata=admin
        )
        delays.append(await seen_after(db, resource.id, version))

        # Business hours 09:00-12:00 every day: 13:00 is refused, 10:00 is booked.
        version = await projected_version(db, resource.id)
        week = [catalog_pb2.OpeningInterval(day_of_week=d, open_time="09:00", close_time="12:00") for d in range(7)]
        await booking.catalog.SetBusinessHours(
            catalog_pb2.SetBusinessHoursRequest(resource_id=resource.id, intervals=week), metadata=admin
        )
        delays.append(await seen_after(db, resource.id, version))
        _, body = await refused(
            booking.stub.CreateReservation(create(resource.id, *hour_slot(4, hour=13)), metadata=user)
        )
        assert body["code"] == "outside_business_hours"
        made = await booking.stub.CreateReservation(create(resource.id, *hour_slot(4, hour=10)), metadata=user)
        assert made.reservation.status == "confirmed"

        # A blackout on day 5: its morning is refused.
        version = await projected_version(db, resource.id)
        day = hour_slot(5)[0].date().isoformat()
        await booking.catalog.AddBlackout(
            catalog_pb2.AddBlackoutRequest(resource_id=resource.id, start_date=day, reason="audit"), metadata=admin
        )
        delays.append(await seen_after(db, resource.id, version))
        _, body = await refused(
            booking.stub.CreateReservation(create(resource.id, *hour_slot(5, hour=10)), metadata=user)
        )
        assert body["code"] == "blackout"

        print(f"catalog change seen by booking after {', '.join(f'{d * 1000:.0f} ms' for d in delays)}")
        assert max(delays) < SEEN_WITHIN, delays


async def _has(db: asyncpg.Connection, resource_id: int) -> bool:
    return await projected_version(db, resource_id) >= 0


class TestStaleEvents:
    async def test_an_older_snapshot_arriving_late_does_not_wind_the_projection_back(
        self, booking: Booking, booking_nats: str, db: asyncpg.Connection
    ) -> None:
        admin, user = booking.as_user(1, "admin"), booking.as_user(uid())
        resource = await booking.new_resource(timezone="UTC")
        await eventually(lambda: _has(db, resource.id))
        old = catalog_pb2.BookabilitySnapshot.FromString(
            await db.fetchval("SELECT snapshot FROM catalog_projection WHERE resource_id = $1", resource.id)
        )
        assert old.resource.status == "available"
        await booking.catalog.SetResourceStatus(
            catalog_pb2.SetResourceStatusRequest(id=resource.id, status="maintenance"), metadata=admin
        )
        await seen_after(db, resource.id, old.version)
        newest = await projected_version(db, resource.id)

        # The older snapshot (available) delivered again under a new event id, and one claiming
        # the newest version: neither may replace what booking holds.
        stale = [events_pb2.ResourceBookabilityChanged(header=event_header(), snapshot=old)]
        same = catalog_pb2.BookabilitySnapshot()
        same.CopyFrom(old)
        same.version = newest
        stale.append(events_pb2.ResourceBookabilityChanged(header=event_header(), snapshot=same))
        connection = await nats.connect(booking_nats)
        try:
            js = connection.jetstream()
            for event in stale:
                headers = {
                    "Nats-Msg-Id": event.header.event_id,
                    "rr-event-type": SUBJECT,
                    "rr-occurred-at": datetime.now(UTC).isoformat(),
                }
                await js.publish(SUBJECT, event.SerializeToString(), headers=headers)
        finally:
            await connection.close()

        async def handled() -> bool:
            ids = [event.header.event_id for event in stale]
            return int(await db.fetchval("SELECT count(*) FROM inbox WHERE event_id = any($1::text[])", ids)) == len(
                ids
            )

        await eventually(handled, seconds=15)
        assert await projected_version(db, resource.id) == newest
        _, body = await refused(booking.stub.CreateReservation(create(resource.id, *hour_slot(3)), metadata=user))
        assert body["code"] == "resource_unavailable"


class TestMissingProjection:
    async def test_a_resource_not_yet_projected_is_fetched_from_catalog_once(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        user = booking.as_user(uid())
        resource = await booking.new_resource(timezone="UTC", max_duration_minutes=120)
        await eventually(lambda: _has(db, resource.id))
        version = await projected_version(db, resource.id)
        await db.execute("DELETE FROM catalog_projection WHERE resource_id = $1", resource.id)
        fetched, checked = served("GetBookability"), served("CheckBookable")

        first = await booking.stub.CreateReservation(create(resource.id, *hour_slot(3)), metadata=user)
        second = await booking.stub.CreateReservation(create(resource.id, *hour_slot(4)), metadata=user)
        _, body = await refused(
            booking.stub.CreateReservation(create(resource.id, *hour_slot(5, hours=3)), metadata=user)
        )

        assert first.reservation.status == second.reservation.status == "confirmed"
        assert body["code"] == "too_long"
        assert served("GetBookability") - fetched == 1
        assert served("CheckBookable") == checked
        assert await projected_version(db, resource.id) == version

    async def test_an_unknown_resource_is_refused_as_catalog_would(self, booking: Booking) -> None:
        code, body = await refused(
            booking.stub.CreateReservation(create(10**12 + uid(), *hour_slot(3)), metadata=booking.as_user(uid()))
        )
        assert (code, body["code"]) == (grpc.StatusCode.NOT_FOUND, "resource_not_found")

    async def test_a_deleted_resource_is_refused_without_asking_catalog(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        resource = await booking.new_resource(timezone="UTC")
        await eventually(lambda: _has(db, resource.id))
        version = await projected_version(db, resource.id)
        await booking.catalog.DeleteResource(
            catalog_pb2.DeleteResourceRequest(id=resource.id), metadata=booking.as_user(1, "admin")
        )
        await seen_after(db, resource.id, version)
        fetched = served("GetBookability")
        code, body = await refused(
            booking.stub.CreateReservation(create(resource.id, *hour_slot(3)), metadata=booking.as_user(uid()))
        )
        assert (code, body["code"]) == (grpc.StatusCode.NOT_FOUND, "resource_not_found")
        assert served("GetBookability") == fetched
