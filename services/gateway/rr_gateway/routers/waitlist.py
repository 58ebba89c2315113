"""Waitlist: join a taken slot, see where you stand, answer offers; managers see a resource's queue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from rr.common.v1 import common_pb2
from rr.waitlist.v1 import waitlist_pb2

from rr_gateway.deps import UpstreamsDep
from rr_gateway.schemas.common import ERROR_RESPONSES, Page, page_of, to_pb_time
from rr_gateway.schemas.waitlist import WaitlistEntryDetailOut, WaitlistEntryOut, WaitlistIn
from rr_gateway.security import CurrentCaller

router = APIRouter(prefix="/waitlist", tags=["waitlist"], responses=ERROR_RESPONSES)
EntryId = Annotated[int, Path(ge=1, le=2**62)]
Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str, Query(max_length=500)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WaitlistEntryOut,
    summary="Join the waitlist for a taken slot",
    responses={
        409: {
            "description": "Already waiting for that range (`already_waiting`), or it is free: book it (`slot_available`)"
        }
    },
)
async def join(body: WaitlistIn, caller: CurrentCaller, up: UpstreamsDep) -> WaitlistEntryOut:
    request = waitlist_pb2.JoinWaitlistRequest(
        resource_id=body.resource_id,
        desired_start=to_pb_time(body.desired_start),
        desired_end=to_pb_time(body.desired_end),
        flexible_time=body.flexible_time,
    )
    answer = await up.waitlist.JoinWaitlist(request, metadata=caller.metadata)
    return WaitlistEntryOut.of(answer.entry)


@router.get("", response_model=Page[WaitlistEntryOut], summary="My waitlist entries with positions")
async def mine(
    caller: CurrentCaller, up: UpstreamsDep, limit: Limit = 20, cursor: Cursor = ""
) -> Page[WaitlistEntryOut]:
    answer = await up.waitlist.ListMyEntries(
        waitlist_pb2.ListMyEntriesRequest(page=common_pb2.PageRequest(limit=limit, cursor=cursor)),
        metadata=caller.metadata,
    )
    return page_of([WaitlistEntryOut.of(e) for e in answer.entries], answer.page)


@router.get(
    "/resource/{resource_id}",
    response_model=Page[WaitlistEntryOut],
    summary="A resource's queue in arrival order (managers, admins)",
)
async def resource_queue(
    resource_id: Annotated[int, Path(ge=1, le=2**62)],
    caller: CurrentCaller,
    up: UpstreamsDep,
    status_filter: Annotated[
        str, Query(alias="status", max_length=20, description="One status; empty: waiting and offered")
    ] = "",
    limit: Limit = 20,
    cursor: Cursor = "",
) -> Page[WaitlistEntryOut]:
    request = waitlist_pb2.ListResourceQueueRequest(
        resource_id=resource_id, status=status_filter, page=common_pb2.PageRequest(limit=limit, cursor=cursor)
    )
    answer = await up.waitlist.ListResourceQueue(request, metadata=caller.metadata)
    return page_of([WaitlistEntryOut.of(e) for e in answer.entries], answer.page)


@router.get(
    "/{entry_id}", response_model=WaitlistEntryDetailOut, summary="One entry: status, position, offer and history"
)
async def get_entry(entry_id: EntryId, caller: CurrentCaller, up: UpstreamsDep) -> WaitlistEntryDetailOut:
    answer = await up.waitlist.GetEntry(waitlist_pb2.GetEntryRequest(id=entry_id), metadata=caller.metadata)
    return WaitlistEntryDetailOut.with_history(answer)


@router.delete("/{entry_id}", response_model=WaitlistEntryOut, summary="Leave the waitlist (an open offer is declined)")
async def leave(entry_id: EntryId, caller: CurrentCaller, up: UpstreamsDep) -> WaitlistEntryOut:
    answer = await up.waitlist.LeaveWaitlist(waitlist_pb2.LeaveWaitlistRequest(id=entry_id), metadata=caller.metadata)
    return WaitlistEntryOut.of(answer.entry)


@router.post(
    "/{entry_id}/accept",
    response_model=WaitlistEntryOut,
    summary="Take the offered slot: it becomes your reservation",
    responses={404: {"description": "No such entry of yours, or its offer expired (`offer_expired`)"}},
)
async def accept(entry_id: EntryId, caller: CurrentCaller, up: UpstreamsDep) -> WaitlistEntryOut:
    answer = await up.waitlist.AcceptOffer(waitlist_pb2.AcceptOfferRequest(id=entry_id), metadata=caller.metadata)
    return WaitlistEntryOut.of(answer.entry)


@router.post(
    "/{entry_id}/decline", response_model=WaitlistEntryOut, summary="Refuse the offered slot: the next person gets it"
)
async def decline(entry_id: EntryId, caller: CurrentCaller, up: UpstreamsDep) -> WaitlistEntryOut:
    answer = await up.waitlist.DeclineOffer(waitlist_pb2.DeclineOfferRequest(id=entry_id), metadata=caller.metadata)
    return WaitlistEntryOut.of(answer.entry)
