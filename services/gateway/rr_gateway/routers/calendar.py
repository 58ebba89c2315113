"""Calendars (booking): .ics of one reservation, my feed, and a subscription feed whose secret
address works without a login (calendar apps cannot send a bearer token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel
from rr.booking.v1 import calendars_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/calendar", tags=["calendar"], responses=ERROR_RESPONSES)
ICS = "text/calendar; charset=utf-8"
ICS_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/calendar": {}}, "description": "An iCalendar document"}
}


class SubscriptionOut(BaseModel):
    url: str
    token: str
    webcal_url: str


def ics(document: calendars_pb2.CalendarDocument) -> Response:
    return Response(
        document.ics,
        media_type=ICS,
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "private, max-age=60",
        },
    )


def subscription(request: Request, token: str) -> SubscriptionOut:
    url = str(request.url_for("calendar_feed", token=token))
    return SubscriptionOut(url=url, token=token, webcal_url="webcal://" + url.split("://", 1)[1])


@router.get(
    "/subscription-url", response_model=SubscriptionOut, summary="My calendar feed address (created on first use)"
)
async def subscription_url(request: Request, caller: CurrentCaller, up: UpstreamsDep) -> SubscriptionOut:
    answer = await up.calendars.GetSubscription(calendars_pb2.GetSubscriptionRequest(), metadata=caller.metadata)
    return subscription(request, answer.token)


@router.post(
    "/regenerate-token", response_model=SubscriptionOut, summary="A new feed address; the old one stops working"
)
async def regenerate_token(request: Request, caller: CurrentCaller, up: UpstreamsDep) -> SubscriptionOut:
    answer = await up.calendars.RegenerateToken(calendars_pb2.RegenerateTokenRequest(), metadata=caller.metadata)
    return subscription(request, answer.token)


@router.get(
    "/feed/{token}.ics",
    name="calendar_feed",
    response_class=Response,
    responses=ICS_RESPONSE,
    summary="A user's feed (no login: the address is the secret)",
)
async def feed(
    token: Annotated[str, Path(min_length=20, max_length=100, pattern="^[A-Za-z0-9_-]+$")], up: UpstreamsDep
) -> Response:
    return ics(await up.calendars.GetFeed(calendars_pb2.GetFeedRequest(token=token)))


@router.get("/my-feed", response_class=Response, responses=ICS_RESPONSE, summary="My reservations as iCalendar")
async def my_feed(caller: CurrentCaller, up: UpstreamsDep) -> Response:
    return ics(await up.calendars.GetMyFeed(calendars_pb2.GetMyFeedRequest(), metadata=caller.metadata))


@router.get(
    "/export/{reservation_id}.ics",
    response_class=Response,
    responses=ICS_RESPONSE,
    summary="One reservation as iCalendar",
)
async def export(
    reservation_id: Annotated[int, Path(ge=1, le=2**62)], caller: CurrentCaller, up: UpstreamsDep
) -> Response:
    return ics(
        await up.calendars.ExportReservation(
            calendars_pb2.ExportReservationRequest(id=reservation_id), metadata=caller.metadata
        )
    )
