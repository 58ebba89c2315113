"""Waitlist's error codes: one class per machine code only the waitlist raises.

Raise them with the sentence that tells the user what to fix
(`raise EntryNotFound(f"Waitlist entry {entry_id} does not exist.")`); the base is the kind that
sets the gRPC status, and so the HTTP status the gateway answers with. Codes several services
raise (`validation_failed`, `invalid_status`, `not_allowed`, ...) are classes of
`rr_common.errors`; import those instead of defining them here.
"""

from __future__ import annotations

from rr_common.errors import Conflict, NotFound, PreconditionFailed, Unavailable


class AlreadyWaiting(Conflict):
    default_code = "already_waiting"


class SlotAvailable(Conflict):
    default_code = "slot_available"


class AlreadyFulfilled(PreconditionFailed):
    default_code = "already_fulfilled"


class EntryNotFound(NotFound):
    """Also the answer for someone else's entry: existence is not disclosed."""

    default_code = "entry_not_found"


class OfferExpired(NotFound):
    default_code = "offer_expired"


class OfferNotFound(NotFound):
    default_code = "offer_not_found"


class WaitlistNotConfigured(Unavailable):
    """No client credentials, so no hold can be placed (joining still works)."""

    default_code = "waitlist_not_configured"
