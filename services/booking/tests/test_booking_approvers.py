"""Approvers named in a resource's settings decide its requests, over real gRPC; a series is read
whole by its owner only (and managers)."""

from __future__ import annotations

import grpc
from rr.booking.v1 import approvals_pb2, booking_pb2

from rr_common.timeconv import to_timestamp
from services.booking.tests.support import Booking, create, hour_slot, refused, uid


async def name_approvers(booking: Booking, resource_id: int, users: list[int], role: str = "") -> None:
    settings = approvals_pb2.ResourceSettings(
        resource_id=resource_id, check_in_window_minutes=15, approver_user_ids=users, approver_role=role
    )
    await booking.approvals.UpdateResourceSettings(
        approvals_pb2.UpdateResourceSettingsRequest(settings=settings), metadata=booking.as_user(uid(), "admin")
    )


async def pending_ids(booking: Booking, metadata: tuple[tuple[str, str], ...]) -> set[int]:
    page = await booking.approvals.ListPendingApprovals(
        approvals_pb2.ListPendingApprovalsRequest(page={"limit": 100}), metadata=metadata
    )
    return {r.id for r in page.reservations}


class TestApprovers:
    async def test_named_user_and_role_see_only_their_resource_and_managers_keep_the_rest(
        self, booking: Booking
    ) -> None:
        named, unnamed = (
            await booking.new_resource(requires_approval=True),
            await booking.new_resource(requires_approval=True),
        )
        approver, requester, tech = uid(), uid(), uid()
        role = f"tech-{tech}"
        await name_approvers(booking, named.id, [approver], role)
        first = (
            await booking.stub.CreateReservation(create(named.id, *hour_slot(6)), metadata=booking.as_user(requester))
        ).reservation
        second = (
            await booking.stub.CreateReservation(create(unnamed.id, *hour_slot(7)), metadata=booking.as_user(requester))
        ).reservation

        assert await pending_ids(booking, booking.as_user(approver)) == {first.id}
        assert await pending_ids(booking, booking.as_user(tech, "user", role)) == {first.id}
        managers = await pending_ids(booking, booking.as_user(uid(), "manager"))
        assert second.id in managers and first.id not in managers
        assert {first.id, second.id} <= await pending_ids(booking, booking.as_user(uid(), "admin"))
        assert await pending_ids(booking, booking.as_user(requester)) == set()

        code, _ = await refused(
            booking.approvals.RespondToApproval(
                approvals_pb2.RespondToApprovalRequest(id=second.id, approve=True), metadata=booking.as_user(approver)
            )
        )
        assert code == grpc.StatusCode.NOT_FOUND
        done = await booking.approvals.RespondToApproval(
            approvals_pb2.RespondToApprovalRequest(id=first.id, approve=True),
            metadata=booking.as_user(tech, "user", role),
        )
        assert done.reservation.status == "confirmed" and done.reservation.decided_by == tech

    async def test_bad_approvers_are_invalid_input(self, booking: Booking) -> None:
        room = await booking.new_resource(requires_approval=True)
        for users, role in (([0], ""), ([], "Not a role"), (list(range(1, 102)), "")):
            code, body = await refused(name_approvers(booking, room.id, users, role))
            assert code == grpc.StatusCode.INVALID_ARGUMENT and body["code"] == "invalid_settings"


class TestSeriesView:
    async def test_owner_and_managers_read_a_series_others_do_not(self, booking: Booking) -> None:
        room = await booking.new_resource()
        owner = uid()
        start, end = hour_slot(9)
        made = await booking.stub.CreateSeries(
            booking_pb2.CreateSeriesRequest(
                resource_id=room.id,
                start_time=to_timestamp(start),
                end_time=to_timestamp(end),
                recurrence=booking_pb2.Recurrence(rrule="FREQ=DAILY;COUNT=3"),
            ),
            metadata=booking.as_user(owner),
        )
        cancelled = made.created[1]
        await booking.stub.CancelReservation(
            booking_pb2.CancelReservationRequest(id=cancelled.id), metadata=booking.as_user(owner)
        )
        view = await booking.stub.GetSeries(
            booking_pb2.GetSeriesRequest(id=made.series.id, occurrence_limit=2), metadata=booking.as_user(owner)
        )
        assert view.series.rrule == "FREQ=DAILY;COUNT=3" and view.occurrence_count == 3 and len(view.occurrences) == 2
        assert [(e.kind, e.reservation.id) for e in view.exceptions] == [("cancelled", cancelled.id)]
        assert (
            await booking.stub.GetSeries(
                booking_pb2.GetSeriesRequest(id=made.series.id), metadata=booking.as_user(uid(), "manager")
            )
        ).series.user_id == owner
        code, body = await refused(
            booking.stub.GetSeries(booking_pb2.GetSeriesRequest(id=made.series.id), metadata=booking.as_user(uid()))
        )
        assert code == grpc.StatusCode.NOT_FOUND and body["code"] == "series_not_found"
