"""WaitlistService: its calls are grouped by subdomain, each group in its own module."""

from __future__ import annotations

from rr.waitlist.v1 import waitlist_pb2_grpc

from rr_waitlist.entries.rpc import EntryHandlers
from rr_waitlist.offers.rpc import OfferHandlers
from rr_waitlist.wiring import Services


class WaitlistServicer(EntryHandlers, OfferHandlers, waitlist_pb2_grpc.WaitlistServiceServicer):
    def __init__(self, app: Services) -> None:
        self.app = app
