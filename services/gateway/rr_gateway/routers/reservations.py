"""Reservations (booking): one-off and recurring, read, list (mine; everyone's for managers),
move, cancel in three scopes, history and check-in."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Response, status
from pydantic import AwareDatetime
from rr.booking.v1 import booking_pb2
from rr.common.v1 import common_pb2

from rr_gateway.deprecation import mark_deprecated
from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of, to_pb_time
from rr_gateway.schemas.reservations import (
    CancelIn,
    CancelOut,
    HistoryOut,
    MoveIn,
    MoveOut,
    RecurringIn,
    RecurringOut,
    ReservationIn,
    ReservationOut,
    SeriesDetailOut,
    Status,
)
from rr_gateway.security import CurrentCaller, ManagerCaller

router = APIRouter(prefix="/reservations", tags=["reservations"], responses=ERROR_RESPONSES)
ReservationId = Annotated[int, Path(ge=1, le=2**62)]
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200, description="Retries with the same key return the original answer"),
]
Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str, Query(max_length=500)]
SortBy = Annotated[str, Query(pattern="^(start_time|created_at)$")]
SortOrder = Annotated[str, Query(pattern="^(asc|desc)$")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such reservation (or not yours)"}}
# `active` is the replaced system's word for confirmed or checked in; still accepted, deprecated.
StatusFilter = Annotated[
    Status | Literal["active"] | None,
    Query(
        alias="status",
        description="`active` (deprecated) is confirmed or checked in: ask for each instead",
    ),
]
ACTIVE = "confirmed,checked_in"


def status_of(status_filter: str | None, response: Response) -> str:
    if status_filter == "active":
        mark_deprecated(response, "/reservations/my?status=confirmed")
        return ACTIVE
    return status_filter or ""


def reservation_filter(
    status_filter: str = "",
    resource_id: int = 0,
    user_id: int = 0,
    start_from: AwareDatetime | None = None,
    start_to: AwareDatetime | None = None,
    upcoming: bool = False,
    past: bool = False,
    sort_by: str = "start_time",
    sort_order: str = "asc",
) -> booking_pb2.ReservationFilter:
    wanted = booking_pb2.ReservationFilter(
        status=status_filter,
        resource_id=resource_id,
        user_id=user_id,
        upcoming_only=upcoming,
        past_only=past,
        sort_by=sort_by,
        sort_order=sort_order,
    )
    if start_from is not None:
        getattr(wanted, "from").CopyFrom(to_pb_time(start_from))
    if start_to is not None:
        wanted.to.CopyFrom(to_pb_time(start_to))
    return wanted


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ReservationOut,
    summary="Book a slot",
    responses={409: {"description": "The slot is taken (`code: reservation_conflict`, `conflicts`)"}},
)
async def create_reservation(
    body: ReservationIn, caller: CurrentCaller, up: UpstreamsDep, idempotency_key: IdempotencyKey = None
) -> ReservationOut:
    request = booking_pb2.CreateReservationRequest(
        resource_id=body.resource_id,
        start_time=to_pb_time(body.start_time),
        end_time=to_pb_time(body.end_time),
        notes=body.notes,
        idempotency_key=idempotency_key or "",
    )
    answer = await up.booking.CreateReservation(request, metadata=caller.metadata)
    return ReservationOut.of(answer.reservation)


@router.post(
    "/recurring",
    status_code=status.HTTP_201_CREATED,
    response_model=RecurringOut,
    summary="Book a recurring series",
    responses={409: {"description": "An occurrence is taken (all_or_nothing); `occurrences` lists each"}},
)
async def create_recurring(
    body: RecurringIn, caller: CurrentCaller, up: UpstreamsDep, idempotency_key: IdempotencyKey = None
) -> RecurringOut:
    request = booking_pb2.CreateSeriesRequest(
        resource_id=body.resource_id,
        start_time=to_pb_time(body.start_time),
        end_time=to_pb_time(body.end_time),
        recurrence=body.recurrence.pb(),
        conflict_policy=body.conflict_policy,
        notes=body.notes,
        idempotency_key=idempotency_key or "",
    )
    return RecurringOut.of(await up.booking.CreateSeries(request, metadata=caller.metadata))


@router.get("/my", response_model=Page[ReservationOut], summary="My reservations")
async def my_reservations(
    caller: CurrentCaller,
    up: UpstreamsDep,
    response: Response,
    status_filter: StatusFilter = None,
    resource_id: Annotated[int, Query(ge=0, le=2**62)] = 0,
    start_from: Annotated[AwareDatetime | None, Query(alias="from", description="Starting at or after")] = None,
    start_to: Annotated[AwareDatetime | None, Query(alias="to", description="Starting before")] = None,
    upcoming: bool = False,
    past: bool = False,
    sort_by: SortBy = "start_time",
    sort_order: SortOrder = "asc",
    limit: Limit = 20,
    cursor: Cursor = "",
) -> Page[ReservationOut]:
    wanted = reservation_filter(
        status_of(status_filter, response), resource_id, 0, start_from, start_to, upcoming, past, sort_by, sort_order
    )
    request = booking_pb2.ListMyReservationsRequest(
        page=common_pb2.PageRequest(limit=limit, cursor=cursor), filter=wanted
    )
    answer = await up.booking.ListMyReservations(request, metadata=caller.metadata)
    return page_of([ReservationOut.of(r) for r in answer.reservations], answer.page)


@router.get("", response_model=Page[ReservationOut], summary="Everyone's reservations (admin/manager)")
async def all_reservations(
    caller: ManagerCaller,
    up: UpstreamsDep,
    response: Response,
    status_filter: StatusFilter = None,
    resource_id: Annotated[int, Query(ge=0, le=2**62)] = 0,
    user_id: Annotated[int, Query(ge=0, le=2**62)] = 0,
    start_from: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    start_to: Annotated[AwareDatetime | None, Query(alias="to")] = None,
    upcoming: bool = False,
    past: bool = False,
    sort_by: SortBy = "start_time",
    sort_order: SortOrder = "asc",
    limit: Limit = 20,
    cursor: Cursor = "",
) -> Page[ReservationOut]:
    wanted = reservation_filter(
        status_of(status_filter, response),
        resource_id,
        user_id,
        start_from,
        start_to,
        upcoming,
        past,
        sort_by,
        sort_order,
    )
    request = booking_pb2.ListReservationsRequest(
        page=common_pb2.PageRequest(limit=limit, cursor=cursor), filter=wanted
    )
    answer = await up.booking.ListReservations(request, metadata=caller.metadata)
    return page_of([ReservationOut.of(r) for r in answer.reservations], answer.page)


@router.get(
    "/series/{series_id}",
    response_model=SeriesDetailOut,
    summary="One recurring series: its rule, exceptions and occurrences (owner, manager, admin)",
    responses={404: {"description": "No such series (or not yours)"}},
)
async def get_series(
    series_id: ReservationId,
    caller: CurrentCaller,
    up: UpstreamsDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many occurrences, by original start")] = 200,
) -> SeriesDetailOut:
    answer = await up.booking.GetSeries(
        booking_pb2.GetSeriesRequest(id=series_id, occurrence_limit=limit), metadata=caller.metadata
    )
    return SeriesDetailOut.of(answer)


@router.get(
    "/{reservation_id}",
    response_model=ReservationOut,
    summary="One reservation (owner, manager, admin)",
    responses=NOT_FOUND,
)
async def get_reservation(reservation_id: ReservationId, caller: CurrentCaller, up: UpstreamsDep) -> ReservationOut:
    answer = await up.booking.GetReservation(
        booking_pb2.GetReservationRequest(id=reservation_id), metadata=caller.metadata
    )
    return ReservationOut.of(answer.reservation)


@router.patch(
    "/{reservation_id}",
    response_model=MoveOut,
    summary="Move a reservation (or this-and-following / the whole series)",
    responses=NOT_FOUND,
)
async def move_reservation(
    reservation_id: ReservationId, body: MoveIn, caller: CurrentCaller, up: UpstreamsDep
) -> MoveOut:
    request = booking_pb2.MoveReservationRequest(
        id=reservation_id, start_time=to_pb_time(body.start_time), end_time=to_pb_time(body.end_time), scope=body.scope
    )
    answer = await up.booking.MoveReservation(request, metadata=caller.metadata)
    return MoveOut(
        **ReservationOut.of(answer.reservation).model_dump(), moved=[ReservationOut.of(r) for r in answer.moved]
    )


@router.post(
    "/{reservation_id}/cancel",
    response_model=CancelOut,
    summary="Cancel a reservation (or this-and-following / the whole series)",
    responses=NOT_FOUND,
)
async def cancel_reservation(
    reservation_id: ReservationId,
    caller: CurrentCaller,
    up: UpstreamsDep,
    body: CancelIn | None = None,
    idempotency_key: IdempotencyKey = None,
) -> CancelOut:
    wanted = body or CancelIn()
    request = booking_pb2.CancelReservationRequest(
        id=reservation_id, reason=wanted.reason, scope=wanted.scope, idempotency_key=idempotency_key or ""
    )
    answer = await up.booking.CancelReservation(request, metadata=caller.metadata)
    return CancelOut(
        **ReservationOut.of(answer.reservation).model_dump(), cancelled_ids=[r.id for r in answer.cancelled]
    )


@router.get(
    "/{reservation_id}/history",
    response_model=list[HistoryOut],
    summary="Every state change: who, when, why",
    responses=NOT_FOUND,
)
async def reservation_history(
    reservation_id: ReservationId, caller: CurrentCaller, up: UpstreamsDep
) -> list[HistoryOut]:
    answer = await up.booking.GetReservationHistory(
        booking_pb2.GetReservationHistoryRequest(id=reservation_id), metadata=caller.metadata
    )
    return [HistoryOut.of(h) for h in answer.entries]


@router.post(
    "/{reservation_id}/check-in",
    response_model=ReservationOut,
    summary="Check in to a reservation",
    responses=NOT_FOUND,
)
async def check_in(reservation_id: ReservationId, caller: CurrentCaller, up: UpstreamsDep) -> ReservationOut:
    answer = await up.booking.CheckIn(booking_pb2.CheckInRequest(id=reservation_id), metadata=caller.metadata)
    return ReservationOut.of(answer.reservation)
