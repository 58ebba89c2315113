"""Approvals, holds, quotas, check-in and the durable lifecycle sweep, over real gRPC."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import grpc
from rr.booking.v1 import approvals_pb2, booking_pb2, events_pb2, quotas_pb2
from rr.common.v1 import common_pb2

from rr_common.timeconv import to_timestamp
from services.booking.tests.support import Booking, create, eventually, hour_slot, refused, uid


def soon(seconds: float, length: float = 3600) -> tuple[datetime, datetime]:
    start = datetime.now(UTC) + timedelta(seconds=seconds)
    return start, start + timedelta(seconds=length)


async def status_of(db: asyncpg.Connection, reservation_id: int) -> str:
    return str(await db.fetchval("SELECT status FROM reservations WHERE id = $1", reservation_id))


class TestApprovals:
    async def test_pending_holds_the_slot_until_a_manager_decides(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource(requires_approval=True)
        requester, manager = uid(), uid()
        start, end = hour_slot(5)
        asked = (
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(requester))
        ).reservation
        assert asked.status == "pending_approval" and asked.HasField("expires_at")
        code, _ = await refused(
            booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS  # a pending request holds the slot

        pending = await booking.approvals.ListPendingApprovals(
            approvals_pb2.ListPendingApprovalsRequest(resource_id=room.id), metadata=booking.as_user(manager, "manager")
        )
        assert [r.id for r in pending.reservations] == [asked.id]
        theirs = await booking.approvals.ListPendingApprovals(
            approvals_pb2.ListPendingApprovalsRequest(), metadata=booking.as_user(requester)
        )
        assert list(theirs.reservations) == []  # a requester who approves nothing sees no request

        done = await booking.approvals.RespondToApproval(
            approvals_pb2.RespondToApprovalRequest(id=asked.id, approve=True, comment="enjoy"),
            metadata=booking.as_user(manager, "manager"),
        )
        assert (done.reservation.status, done.reservation.decision_comment, done.reservation.decided_by) == (
            "confirmed",
            "enjoy",
            manager,
        )
        event = await db.fetchval("SELECT subject FROM outbox ORDER BY id DESC LIMIT 1")
        assert event == "rr.booking.reservation.confirmed"
        mine = await booking.approvals.ListMyApprovalRequests(
            approvals_pb2.ListMyApprovalRequestsRequest(), metadata=booking.as_user(requester)
        )
        assert [(r.id, r.status) for r in mine.reservations] == [(asked.id, "confirmed")]

    async def test_rejection_frees_the_slot_and_a_second_decision_is_refused(self, booking: Booking) -> None:
        room = await booking.new_resource(requires_approval=True)
        start, end = hour_slot(6)
        asked = (
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        ).reservation
        manager = booking.as_user(uid(), "manager")
        rejected = await booking.approvals.RespondToApproval(
            approvals_pb2.RespondToApprovalRequest(id=asked.id, approve=False, comment="closed that day"),
            metadata=manager,
        )
        assert rejected.reservation.status == "rejected"
        code, body = await refused(
            booking.approvals.RespondToApproval(
                approvals_pb2.RespondToApprovalRequest(id=asked.id, approve=True), metadata=manager
            )
        )
        assert (code, body["code"]) == (grpc.StatusCode.FAILED_PRECONDITION, "not_pending")
        again = await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        assert again.reservation.status == "pending_approval"

    async def test_a_pending_request_lapses_at_its_expiry(self, booking: Booking, db: asyncpg.Connection) -> None:
        room = await booking.new_resource(requires_approval=True)
        start, end = soon(1.0)
        asked = (
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        ).reservation
        await eventually(lambda: _is(db, asked.id, "expired"))
        assert (
            await db.fetchval(
                "SELECT subject FROM outbox WHERE position($1 in encode(payload, 'escape')) > 0 ORDER BY id DESC LIMIT 1",
                "approval not given",
            )
            == "rr.booking.reservation.rejected"
        )

    async def test_resource_settings_round_trip_and_need_a_manager(self, booking: Booking) -> None:
        room = await booking.new_resource()
        change = approvals_pb2.ResourceSettings(
            resource_id=room.id, requires_check_in=True, check_in_window_minutes=10, approval_expiry_minutes=60
        )
        code, _ = await refused(
            booking.approvals.UpdateResourceSettings(
                approvals_pb2.UpdateResourceSettingsRequest(settings=change), metadata=booking.as_user(uid())
            )
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED
        await booking.approvals.UpdateResourceSettings(
            approvals_pb2.UpdateResourceSettingsRequest(settings=change), metadata=booking.as_user(uid(), "admin")
        )
        got = (
            await booking.approvals.GetResourceSettings(
                approvals_pb2.GetResourceSettingsRequest(resource_id=room.id), metadata=booking.as_user(uid())
            )
        ).settings
        assert (got.requires_check_in, got.check_in_window_minutes, got.approval_expiry_minutes) == (True, 10, 60)
        code, _ = await refused(
            booking.approvals.GetResourceSettings(
                approvals_pb2.GetResourceSettingsRequest(resource_id=999_999_997), metadata=booking.as_user(uid())
            )
        )
        assert code == grpc.StatusCode.NOT_FOUND


async def _is(db: asyncpg.Connection, reservation_id: int, status: str) -> bool:
    return await status_of(db, reservation_id) == status


class TestCheckInAndLifecycle:
    async def _requires_check_in(self, booking: Booking, window: int = 0) -> int:
        room = await booking.new_resource()
        change = approvals_pb2.ResourceSettings(
            resource_id=room.id, requires_check_in=True, check_in_window_minutes=window
        )
        await booking.approvals.UpdateResourceSettings(
            approvals_pb2.UpdateResourceSettingsRequest(settings=change), metadata=booking.as_user(1, "admin")
        )
        return room.id

    async def test_a_reservation_not_checked_in_is_released_and_its_slot_freed(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room_id = await self._requires_check_in(booking)
        start, end = soon(1.0)
        made = (
            await booking.stub.CreateReservation(create(room_id, start, end), metadata=booking.as_user(uid()))
        ).reservation
        assert abs(made.check_in_deadline.ToDatetime(tzinfo=UTC) - start) < timedelta(
            milliseconds=1
        )  # window 0: at the start
        await eventually(lambda: _is(db, made.id, "no_show"))
        taker = await booking.stub.CreateReservation(
            create(room_id, datetime.now(UTC) + timedelta(seconds=5), end), metadata=booking.as_user(uid())
        )
        assert taker.reservation.status == "confirmed"
        history = await db.fetch(
            "SELECT to_status, actor_user_id FROM reservation_history WHERE reservation_id = $1 ORDER BY id", made.id
        )
        assert [(h["to_status"], h["actor_user_id"]) for h in history] == [("confirmed", made.user_id), ("no_show", 0)]

    async def test_checking_in_in_time_keeps_the_reservation_until_it_completes(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room_id = await self._requires_check_in(booking, window=5)
        owner = uid()
        start, end = soon(0.5, length=2.5)
        made = (
            await booking.stub.CreateReservation(create(room_id, start, end), metadata=booking.as_user(owner))
        ).reservation
        code, _ = await refused(
            booking.stub.CheckIn(booking_pb2.CheckInRequest(id=made.id), metadata=booking.as_user(uid()))
        )
        assert code == grpc.StatusCode.NOT_FOUND
        checked = await booking.stub.CheckIn(booking_pb2.CheckInRequest(id=made.id), metadata=booking.as_user(owner))
        assert checked.reservation.status == "checked_in" and checked.reservation.HasField("checked_in_at")
        await eventually(lambda: _is(db, made.id, "completed"))

    async def test_check_in_too_early_is_refused(self, booking: Booking) -> None:
        owner = uid()
        room_id = await self._requires_check_in(booking)
        start, end = hour_slot(3)
        made = (
            await booking.stub.CreateReservation(create(room_id, start, end), metadata=booking.as_user(owner))
        ).reservation
        code, body = await refused(
            booking.stub.CheckIn(booking_pb2.CheckInRequest(id=made.id), metadata=booking.as_user(owner))
        )
        assert (code, body["code"]) == (grpc.StatusCode.FAILED_PRECONDITION, "check_in_too_early")

    async def test_cleanup_on_demand_is_for_admins(self, booking: Booking) -> None:
        code, _ = await refused(
            booking.stub.CleanupExpired(booking_pb2.CleanupExpiredRequest(), metadata=booking.as_user(uid(), "manager"))
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED
        report = await booking.stub.CleanupExpired(
            booking_pb2.CleanupExpiredRequest(), metadata=booking.as_user(uid(), "admin")
        )
        assert report.completed >= 0


class TestHolds:
    def _hold(
        self,
        resource_id: int,
        user_id: int,
        start: datetime,
        end: datetime,
        expires: datetime | None = None,
        key: str = "",
    ) -> booking_pb2.PlaceHoldRequest:
        request = booking_pb2.PlaceHoldRequest(
            user_id=user_id,
            resource_id=resource_id,
            range=common_pb2.TimeRange(start=to_timestamp(start), end=to_timestamp(end)),
            idempotency_key=key,
        )
        if expires is not None:
            request.expires_at.CopyFrom(to_timestamp(expires))
        return request

    async def test_a_hold_occupies_the_slot_and_confirms_for_its_user(self, booking: Booking) -> None:
        room = await booking.new_resource()
        waiting = uid()
        start, end = hour_slot(4)
        service = booking.as_user(uid(), "service")
        hold = (
            await booking.stub.PlaceHold(self._hold(room.id, waiting, start, end, key="offer-1"), metadata=service)
        ).reservation
        assert (hold.status, hold.user_id) == ("held", waiting)
        again = (
            await booking.stub.PlaceHold(self._hold(room.id, waiting, start, end, key="offer-1"), metadata=service)
        ).reservation
        assert again.id == hold.id
        code, _ = await refused(
            booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        )
        assert code == grpc.StatusCode.ALREADY_EXISTS
        confirmed = await booking.stub.ConfirmHold(
            booking_pb2.ConfirmHoldRequest(id=hold.id), metadata=booking.as_user(waiting)
        )
        assert confirmed.reservation.status == "confirmed"

    async def test_only_services_and_admins_place_holds(self, booking: Booking) -> None:
        room = await booking.new_resource()
        start, end = hour_slot(4)
        code, _ = await refused(
            booking.stub.PlaceHold(self._hold(room.id, uid(), start, end), metadata=booking.as_user(uid()))
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED

    async def test_a_lapsed_hold_frees_the_slot_and_cannot_be_confirmed(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource()
        waiting = uid()
        start, end = hour_slot(5)
        hold = (
            await booking.stub.PlaceHold(
                self._hold(room.id, waiting, start, end, datetime.now(UTC) + timedelta(seconds=0.5)),
                metadata=booking.as_user(uid(), "admin"),
            )
        ).reservation
        await eventually(lambda: _is(db, hold.id, "expired"))
        code, body = await refused(
            booking.stub.ConfirmHold(booking_pb2.ConfirmHoldRequest(id=hold.id), metadata=booking.as_user(waiting))
        )
        assert body["code"] == "hold_expired"
        taken = await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(uid()))
        assert taken.reservation.status == "confirmed"

    async def test_release_is_idempotent_and_emits_hold_released(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        room = await booking.new_resource()
        start, end = hour_slot(6)
        service = booking.as_user(uid(), "service")
        hold = (await booking.stub.PlaceHold(self._hold(room.id, uid(), start, end), metadata=service)).reservation
        first = await booking.stub.ReleaseHold(
            booking_pb2.ReleaseHoldRequest(id=hold.id, reason="declined"), metadata=service
        )
        second = await booking.stub.ReleaseHold(booking_pb2.ReleaseHoldRequest(id=hold.id), metadata=service)
        assert first.reservation.status == second.reservation.status == "cancelled"
        assert (
            await db.fetchval(
                "SELECT count(*) FROM outbox WHERE subject = 'rr.booking.reservation.hold_released' AND position($1 in encode(payload, 'escape')) > 0",
                "declined",
            )
            == 1
        )


class TestQuotas:
    async def test_the_last_place_of_a_quota_goes_to_exactly_one_of_many_racers(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        who = uid()
        admin = booking.as_user(uid(), "admin")
        await booking.quotas.UpdateUserQuota(
            quotas_pb2.UpdateUserQuotaRequest(user_id=who, override=quotas_pb2.QuotaLimits(max_active_reservations=2)),
            metadata=admin,
        )
        rooms = [await booking.new_resource() for _ in range(6)]
        start, end = hour_slot(8)
        await booking.stub.CreateReservation(create(rooms[0].id, start, end), metadata=booking.as_user(who))
        results = await asyncio.gather(
            *(
                booking.stub.CreateReservation(create(r.id, start, end), metadata=booking.as_user(who))
                for r in rooms[1:]
            ),
            return_exceptions=True,
        )
        refusals = [r for r in results if isinstance(r, grpc.aio.AioRpcError)]
        assert len(results) - len(refusals) == 1
        assert all(
            r.code() == grpc.StatusCode.INVALID_ARGUMENT and "max_active_reservations" in (r.details() or "")
            for r in refusals
        )
        assert await db.fetchval("SELECT count(*) FROM reservations WHERE user_id = $1", who) == 2
        usage = await booking.quotas.GetMyQuotaUsage(quotas_pb2.GetMyQuotaUsageRequest(), metadata=booking.as_user(who))
        assert (usage.usage.active_reservations, usage.limits.max_active_reservations) == (2, 2)

    async def test_a_retry_at_the_quota_limit_returns_the_original_instead_of_refusing(self, booking: Booking) -> None:
        who = uid()
        await booking.quotas.UpdateUserQuota(
            quotas_pb2.UpdateUserQuotaRequest(user_id=who, override=quotas_pb2.QuotaLimits(max_active_reservations=1)),
            metadata=booking.as_user(uid(), "admin"),
        )
        room = await booking.new_resource()
        start, end = hour_slot(9)
        first = await booking.stub.CreateReservation(
            create(room.id, start, end, key="only-one"), metadata=booking.as_user(who)
        )
        again = await booking.stub.CreateReservation(
            create(room.id, start, end, key="only-one"), metadata=booking.as_user(who)
        )
        assert again.reservation.id == first.reservation.id

    async def test_hours_per_week_role_default_applies_and_admins_edit_it(self, booking: Booking) -> None:
        admin = booking.as_user(uid(), "admin")
        before = await booking.quotas.GetQuotaConfig(quotas_pb2.GetQuotaConfigRequest(), metadata=admin)
        code, _ = await refused(
            booking.quotas.UpdateQuotaConfig(
                quotas_pb2.UpdateQuotaConfigRequest(), metadata=booking.as_user(uid(), "manager")
            )
        )
        assert code == grpc.StatusCode.PERMISSION_DENIED
        code, body = await refused(
            booking.quotas.UpdateQuotaConfig(
                quotas_pb2.UpdateQuotaConfigRequest(roles=[quotas_pb2.RoleQuota(role="wizard")]), metadata=admin
            )
        )
        assert body["code"] == "unknown_role"
        try:
            await booking.quotas.UpdateQuotaConfig(
                quotas_pb2.UpdateQuotaConfigRequest(
                    roles=[quotas_pb2.RoleQuota(role="manager", limits=quotas_pb2.QuotaLimits(max_hours_per_week=3))]
                ),
                metadata=admin,
            )
            room = await booking.new_resource()
            manager = booking.as_user(uid(), "manager")
            start, end = hour_slot(9, 9, 2)
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=manager)
            code, body = await refused(
                booking.stub.CreateReservation(create(room.id, end, end + timedelta(hours=2)), metadata=manager)
            )
            assert (code, body["code"], body["quota"]) == (
                grpc.StatusCode.INVALID_ARGUMENT,
                "quota_exceeded",
                "max_hours_per_week",
            )
        finally:
            await booking.quotas.UpdateQuotaConfig(
                quotas_pb2.UpdateQuotaConfigRequest(roles=list(before.roles)), metadata=admin
            )


class TestVersions:
    async def test_every_event_of_a_reservation_carries_a_newer_version(
        self, booking: Booking, db: asyncpg.Connection
    ) -> None:
        """Consumers order a reservation's events by this (events of two relays can cross)."""
        room = await booking.new_resource(requires_approval=True)
        requester, manager = uid(), booking.as_user(uid(), "manager")
        start, end = hour_slot(9)
        asked = (
            await booking.stub.CreateReservation(create(room.id, start, end), metadata=booking.as_user(requester))
        ).reservation
        await booking.approvals.RespondToApproval(
            approvals_pb2.RespondToApprovalRequest(id=asked.id, approve=True), metadata=manager
        )
        cancelled = await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=asked.id, reason="plans changed"),
            metadata=booking.as_user(requester),
        )
        rows = await db.fetch(
            "SELECT subject, payload FROM outbox WHERE subject LIKE 'rr.booking.reservation.%' ORDER BY id"
        )
        kinds = {"created": events_pb2.ReservationCreated, "cancelled": events_pb2.ReservationCancelled}
        versions = []
        for row in rows:
            message = kinds.get(row["subject"].rsplit(".", 1)[1], events_pb2.ReservationChanged).FromString(
                row["payload"]
            )
            if message.reservation.id == asked.id:
                versions.append((row["subject"].rsplit(".", 1)[1], message.reservation.version))
        assert versions == [("created", 1), ("confirmed", 2), ("cancelled", 3)]
        assert cancelled.reservation.version == 3
