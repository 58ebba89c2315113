"""The machine codes only the waitlist raises, one class each (the codes several services share
are in `rr_common.errors`). The sentence is written where the error is raised."""

from __future__ import annotations

from rr_common.errors import Conflict, NotFound, PreconditionFailed, Unavailable


class AlreadyWaiting(Conflict):
    default_code = "already_waiting"


class SlotAvailable(Conflict):
    default_code = "slot_available"


class AlreadyFulfilled(PreconditionFailed):
    default_code = "already_fulfilled"


class EntryNotFound(NotFound):
    default_code = "entry_not_found"


class OfferExpired(NotFound):
    default_code = "offer_expired"


class OfferNotFound(NotFound):
    default_code = "offer_not_found"


class WaitlistNotConfigured(Unavailable):
    default_code = "waitlist_not_configured"
