"""Booking's error codes: one class per machine code only booking raises.

Raise them with the sentence that tells the user what to fix
(`raise ReservationNotFound(f"Reservation {reservation_id} does not exist.")`); the base is the
kind that sets the gRPC status, and so the HTTP status the gateway answers with. Codes several
services raise (`invalid_time_range`, `invalid_cursor`, `resource_not_found`, ...) are classes
of `rr_common.errors`; import those instead of defining them here.
"""

from __future__ import annotations

from rr_common.errors import Conflict, InvalidInput, NotFound, PreconditionFailed

# -- reservations ---------------------------------------------------------------------------------


class ReservationNotFound(NotFound):
    default_code = "reservation_not_found"


class ReservationConflict(Conflict):
    default_code = "reservation_conflict"


class TooLong(InvalidInput):
    default_code = "too_long"


class InThePast(InvalidInput):
    default_code = "in_the_past"


class NotBookable(InvalidInput):
    """The projection judged the slot unbookable without naming why (a verdict's own code, such as
    `outside_business_hours`, is carried instead when it has one)."""

    default_code = "not_bookable"


class TooManyResources(InvalidInput):
    default_code = "too_many_resources"


class InvalidSort(InvalidInput):
    default_code = "invalid_sort"


class InvalidFilter(InvalidInput):
    default_code = "invalid_filter"


class NotCancellable(PreconditionFailed):
    default_code = "not_cancellable"


class NotCheckable(PreconditionFailed):
    default_code = "not_checkable"


class CheckInTooEarly(PreconditionFailed):
    default_code = "check_in_too_early"


class CheckInTooLate(PreconditionFailed):
    default_code = "check_in_too_late"


# -- recurrence -----------------------------------------------------------------------------------


class SeriesNotFound(NotFound):
    default_code = "series_not_found"


class InvalidRecurrence(InvalidInput):
    default_code = "invalid_recurrence"


class InvalidConflictPolicy(InvalidInput):
    default_code = "invalid_conflict_policy"


class OverlapsOwnSeries(InvalidInput):
    """Also the code of a skipped occurrence in a series' report."""

    default_code = "overlaps_own_series"


class NotMovable(PreconditionFailed):
    default_code = "not_movable"


# -- bulk -----------------------------------------------------------------------------------------


class InvalidBatch(InvalidInput):
    default_code = "invalid_batch"


class OverlapsBatch(InvalidInput):
    """The code of a batch item refused for overlapping an earlier item (in the batch's report,
    never raised on its own)."""

    default_code = "overlaps_batch"


# -- quotas ---------------------------------------------------------------------------------------


class QuotaExceeded(InvalidInput):
    default_code = "quota_exceeded"


class InvalidQuota(InvalidInput):
    default_code = "invalid_quota"


class UnknownRole(InvalidInput):
    default_code = "unknown_role"


# -- approvals and settings -----------------------------------------------------------------------


class ApprovalNotFound(NotFound):
    default_code = "approval_not_found"


class NotPending(PreconditionFailed):
    default_code = "not_pending"


class InvalidSettings(InvalidInput):
    default_code = "invalid_settings"


# -- schedule -------------------------------------------------------------------------------------


class InvalidDate(InvalidInput):
    default_code = "invalid_date"


# -- holds ----------------------------------------------------------------------------------------


class InvalidUser(InvalidInput):
    default_code = "invalid_user"


class InvalidExpiry(InvalidInput):
    default_code = "invalid_expiry"


class HoldExpired(PreconditionFailed):
    default_code = "hold_expired"


class NotAHold(PreconditionFailed):
    default_code = "not_a_hold"


# -- calendars ------------------------------------------------------------------------------------


class CalendarNotFound(NotFound):
    default_code = "calendar_not_found"
