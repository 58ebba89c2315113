import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Reservation(_message.Message):
    __slots__ = ("id", "user_id", "resource_id", "start_time", "end_time", "status", "notes", "created_at", "updated_at", "cancellation_reason", "timezone", "resource_name", "series_id", "recurrence_id", "expires_at", "check_in_deadline", "checked_in_at", "decision_comment", "decided_by", "username", "needs_approval", "version")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_REASON_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    RECURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_AT_FIELD_NUMBER: _ClassVar[int]
    DECISION_COMMENT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    NEEDS_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    id: int
    user_id: int
    resource_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    status: str
    notes: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    cancellation_reason: str
    timezone: str
    resource_name: str
    series_id: int
    recurrence_id: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    check_in_deadline: _timestamp_pb2.Timestamp
    checked_in_at: _timestamp_pb2.Timestamp
    decision_comment: str
    decided_by: int
    username: str
    needs_approval: bool
    version: int
    def __init__(self, id: _Optional[int] = ..., user_id: _Optional[int] = ..., resource_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., notes: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., cancellation_reason: _Optional[str] = ..., timezone: _Optional[str] = ..., resource_name: _Optional[str] = ..., series_id: _Optional[int] = ..., recurrence_id: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., check_in_deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., checked_in_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decision_comment: _Optional[str] = ..., decided_by: _Optional[int] = ..., username: _Optional[str] = ..., needs_approval: _Optional[bool] = ..., version: _Optional[int] = ...) -> None: ...

class CreateReservationRequest(_message.Message):
    __slots__ = ("resource_id", "start_time", "end_time", "notes", "idempotency_key")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    notes: str
    idempotency_key: str
    def __init__(self, resource_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notes: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class CreateReservationResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ...) -> None: ...

class GetReservationRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class GetReservationResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ...) -> None: ...

class ReservationFilter(_message.Message):
    __slots__ = ("status", "resource_id", "user_id", "to", "upcoming_only", "past_only", "sort_by", "sort_order", "series_id")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    UPCOMING_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAST_ONLY_FIELD_NUMBER: _ClassVar[int]
    SORT_BY_FIELD_NUMBER: _ClassVar[int]
    SORT_ORDER_FIELD_NUMBER: _ClassVar[int]
    SERIES_ID_FIELD_NUMBER: _ClassVar[int]
    status: str
    resource_id: int
    user_id: int
    to: _timestamp_pb2.Timestamp
    upcoming_only: bool
    past_only: bool
    sort_by: str
    sort_order: str
    series_id: int
    def __init__(self, status: _Optional[str] = ..., resource_id: _Optional[int] = ..., user_id: _Optional[int] = ..., to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., upcoming_only: _Optional[bool] = ..., past_only: _Optional[bool] = ..., sort_by: _Optional[str] = ..., sort_order: _Optional[str] = ..., series_id: _Optional[int] = ..., **kwargs) -> None: ...

class ListMyReservationsRequest(_message.Message):
    __slots__ = ("page", "status", "resource_id", "upcoming_only", "filter")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    UPCOMING_ONLY_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    status: str
    resource_id: int
    upcoming_only: bool
    filter: ReservationFilter
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., status: _Optional[str] = ..., resource_id: _Optional[int] = ..., upcoming_only: _Optional[bool] = ..., filter: _Optional[_Union[ReservationFilter, _Mapping]] = ...) -> None: ...

class ListMyReservationsResponse(_message.Message):
    __slots__ = ("reservations", "page")
    RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    reservations: _containers.RepeatedCompositeFieldContainer[Reservation]
    page: _common_pb2.PageInfo
    def __init__(self, reservations: _Optional[_Iterable[_Union[Reservation, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class ListReservationsRequest(_message.Message):
    __slots__ = ("page", "filter")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    filter: ReservationFilter
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., filter: _Optional[_Union[ReservationFilter, _Mapping]] = ...) -> None: ...

class ListReservationsResponse(_message.Message):
    __slots__ = ("reservations", "page")
    RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    reservations: _containers.RepeatedCompositeFieldContainer[Reservation]
    page: _common_pb2.PageInfo
    def __init__(self, reservations: _Optional[_Iterable[_Union[Reservation, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class CancelReservationRequest(_message.Message):
    __slots__ = ("id", "reason", "scope", "idempotency_key")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    id: int
    reason: str
    scope: str
    idempotency_key: str
    def __init__(self, id: _Optional[int] = ..., reason: _Optional[str] = ..., scope: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class CancelReservationResponse(_message.Message):
    __slots__ = ("reservation", "cancelled")
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    cancelled: _containers.RepeatedCompositeFieldContainer[Reservation]
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ..., cancelled: _Optional[_Iterable[_Union[Reservation, _Mapping]]] = ...) -> None: ...

class MoveReservationRequest(_message.Message):
    __slots__ = ("id", "start_time", "end_time", "scope")
    ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    scope: str
    def __init__(self, id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., scope: _Optional[str] = ...) -> None: ...

class MoveReservationResponse(_message.Message):
    __slots__ = ("reservation", "moved")
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    MOVED_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    moved: _containers.RepeatedCompositeFieldContainer[Reservation]
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ..., moved: _Optional[_Iterable[_Union[Reservation, _Mapping]]] = ...) -> None: ...

class HistoryEntry(_message.Message):
    __slots__ = ("id", "reservation_id", "from_status", "to_status", "actor_user_id", "reason", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_STATUS_FIELD_NUMBER: _ClassVar[int]
    TO_STATUS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_USER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: int
    reservation_id: int
    from_status: str
    to_status: str
    actor_user_id: int
    reason: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., reservation_id: _Optional[int] = ..., from_status: _Optional[str] = ..., to_status: _Optional[str] = ..., actor_user_id: _Optional[int] = ..., reason: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetReservationHistoryRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class GetReservationHistoryResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[HistoryEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[HistoryEntry, _Mapping]]] = ...) -> None: ...

class CheckInRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class CheckInResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ...) -> None: ...

class Recurrence(_message.Message):
    __slots__ = ("rrule", "exdates", "frequency", "interval", "days_of_week", "end_type", "end_date", "occurrence_count", "skip_dates")
    RRULE_FIELD_NUMBER: _ClassVar[int]
    EXDATES_FIELD_NUMBER: _ClassVar[int]
    FREQUENCY_FIELD_NUMBER: _ClassVar[int]
    INTERVAL_FIELD_NUMBER: _ClassVar[int]
    DAYS_OF_WEEK_FIELD_NUMBER: _ClassVar[int]
    END_TYPE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    SKIP_DATES_FIELD_NUMBER: _ClassVar[int]
    rrule: str
    exdates: _containers.RepeatedCompositeFieldContainer[_timestamp_pb2.Timestamp]
    frequency: str
    interval: int
    days_of_week: _containers.RepeatedScalarFieldContainer[int]
    end_type: str
    end_date: str
    occurrence_count: int
    skip_dates: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, rrule: _Optional[str] = ..., exdates: _Optional[_Iterable[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]]] = ..., frequency: _Optional[str] = ..., interval: _Optional[int] = ..., days_of_week: _Optional[_Iterable[int]] = ..., end_type: _Optional[str] = ..., end_date: _Optional[str] = ..., occurrence_count: _Optional[int] = ..., skip_dates: _Optional[_Iterable[str]] = ...) -> None: ...

class Series(_message.Message):
    __slots__ = ("id", "user_id", "resource_id", "rrule", "exdates", "start_time", "end_time", "timezone", "status", "resource_name", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RRULE_FIELD_NUMBER: _ClassVar[int]
    EXDATES_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: int
    user_id: int
    resource_id: int
    rrule: str
    exdates: _containers.RepeatedCompositeFieldContainer[_timestamp_pb2.Timestamp]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    timezone: str
    status: str
    resource_name: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., user_id: _Optional[int] = ..., resource_id: _Optional[int] = ..., rrule: _Optional[str] = ..., exdates: _Optional[_Iterable[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., timezone: _Optional[str] = ..., status: _Optional[str] = ..., resource_name: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateSeriesRequest(_message.Message):
    __slots__ = ("resource_id", "start_time", "end_time", "recurrence", "conflict_policy", "notes", "idempotency_key")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    RECURRENCE_FIELD_NUMBER: _ClassVar[int]
    CONFLICT_POLICY_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    recurrence: Recurrence
    conflict_policy: str
    notes: str
    idempotency_key: str
    def __init__(self, resource_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recurrence: _Optional[_Union[Recurrence, _Mapping]] = ..., conflict_policy: _Optional[str] = ..., notes: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class OccurrenceOutcome(_message.Message):
    __slots__ = ("start_time", "end_time", "code", "reason")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    code: str
    reason: str
    def __init__(self, start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CreateSeriesResponse(_message.Message):
    __slots__ = ("series", "created", "skipped")
    SERIES_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    series: Series
    created: _containers.RepeatedCompositeFieldContainer[Reservation]
    skipped: _containers.RepeatedCompositeFieldContainer[OccurrenceOutcome]
    def __init__(self, series: _Optional[_Union[Series, _Mapping]] = ..., created: _Optional[_Iterable[_Union[Reservation, _Mapping]]] = ..., skipped: _Optional[_Iterable[_Union[OccurrenceOutcome, _Mapping]]] = ...) -> None: ...

class GetSeriesRequest(_message.Message):
    __slots__ = ("id", "occurrence_limit")
    ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_LIMIT_FIELD_NUMBER: _ClassVar[int]
    id: int
    occurrence_limit: int
    def __init__(self, id: _Optional[int] = ..., occurrence_limit: _Optional[int] = ...) -> None: ...

class SeriesException(_message.Message):
    __slots__ = ("recurrence_id", "kind", "reservation")
    RECURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    recurrence_id: _timestamp_pb2.Timestamp
    kind: str
    reservation: Reservation
    def __init__(self, recurrence_id: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[str] = ..., reservation: _Optional[_Union[Reservation, _Mapping]] = ...) -> None: ...

class GetSeriesResponse(_message.Message):
    __slots__ = ("series", "exceptions", "occurrences", "occurrence_count", "notes")
    SERIES_FIELD_NUMBER: _ClassVar[int]
    EXCEPTIONS_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCES_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_COUNT_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    series: Series
    exceptions: _containers.RepeatedCompositeFieldContainer[SeriesException]
    occurrences: _containers.RepeatedCompositeFieldContainer[Reservation]
    occurrence_count: int
    notes: str
    def __init__(self, series: _Optional[_Union[Series, _Mapping]] = ..., exceptions: _Optional[_Iterable[_Union[SeriesException, _Mapping]]] = ..., occurrences: _Optional[_Iterable[_Union[Reservation, _Mapping]]] = ..., occurrence_count: _Optional[int] = ..., notes: _Optional[str] = ...) -> None: ...

class GetResourceScheduleRequest(_message.Message):
    __slots__ = ("resource_id", "range", "date", "days")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    range: _common_pb2.TimeRange
    date: str
    days: int
    def __init__(self, resource_id: _Optional[int] = ..., range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ..., date: _Optional[str] = ..., days: _Optional[int] = ...) -> None: ...

class BookedRange(_message.Message):
    __slots__ = ("range", "status", "reservation_id", "user_id", "username", "mine")
    RANGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    range: _common_pb2.TimeRange
    status: str
    reservation_id: int
    user_id: int
    username: str
    mine: bool
    def __init__(self, range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ..., status: _Optional[str] = ..., reservation_id: _Optional[int] = ..., user_id: _Optional[int] = ..., username: _Optional[str] = ..., mine: _Optional[bool] = ...) -> None: ...

class GetResourceScheduleResponse(_message.Message):
    __slots__ = ("resource_id", "resource_name", "timezone", "booked", "open", "free", "buffer_before_minutes", "buffer_after_minutes", "hours_known", "range")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_FIELD_NUMBER: _ClassVar[int]
    BOOKED_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    FREE_FIELD_NUMBER: _ClassVar[int]
    BUFFER_BEFORE_MINUTES_FIELD_NUMBER: _ClassVar[int]
    BUFFER_AFTER_MINUTES_FIELD_NUMBER: _ClassVar[int]
    HOURS_KNOWN_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    resource_name: str
    timezone: str
    booked: _containers.RepeatedCompositeFieldContainer[BookedRange]
    open: _containers.RepeatedCompositeFieldContainer[_common_pb2.TimeRange]
    free: _containers.RepeatedCompositeFieldContainer[_common_pb2.TimeRange]
    buffer_before_minutes: int
    buffer_after_minutes: int
    hours_known: bool
    range: _common_pb2.TimeRange
    def __init__(self, resource_id: _Optional[int] = ..., resource_name: _Optional[str] = ..., timezone: _Optional[str] = ..., booked: _Optional[_Iterable[_Union[BookedRange, _Mapping]]] = ..., open: _Optional[_Iterable[_Union[_common_pb2.TimeRange, _Mapping]]] = ..., free: _Optional[_Iterable[_Union[_common_pb2.TimeRange, _Mapping]]] = ..., buffer_before_minutes: _Optional[int] = ..., buffer_after_minutes: _Optional[int] = ..., hours_known: _Optional[bool] = ..., range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ...) -> None: ...

class PlaceHoldRequest(_message.Message):
    __slots__ = ("user_id", "resource_id", "range", "expires_at", "idempotency_key", "notes")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    resource_id: int
    range: _common_pb2.TimeRange
    expires_at: _timestamp_pb2.Timestamp
    idempotency_key: str
    notes: str
    def __init__(self, user_id: _Optional[int] = ..., resource_id: _Optional[int] = ..., range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., idempotency_key: _Optional[str] = ..., notes: _Optional[str] = ...) -> None: ...

class PlaceHoldResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ...) -> None: ...

class ConfirmHoldRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class ConfirmHoldResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ...) -> None: ...

class ReleaseHoldRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: int
    reason: str
    def __init__(self, id: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ReleaseHoldResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: Reservation
    def __init__(self, reservation: _Optional[_Union[Reservation, _Mapping]] = ...) -> None: ...

class CleanupExpiredRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CleanupExpiredResponse(_message.Message):
    __slots__ = ("completed", "no_shows", "expired_approvals", "expired_holds")
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    NO_SHOWS_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_APPROVALS_FIELD_NUMBER: _ClassVar[int]
    EXPIRED_HOLDS_FIELD_NUMBER: _ClassVar[int]
    completed: int
    no_shows: int
    expired_approvals: int
    expired_holds: int
    def __init__(self, completed: _Optional[int] = ..., no_shows: _Optional[int] = ..., expired_approvals: _Optional[int] = ..., expired_holds: _Optional[int] = ...) -> None: ...

class ListBusyResourcesRequest(_message.Message):
    __slots__ = ("resource_ids", "range")
    RESOURCE_IDS_FIELD_NUMBER: _ClassVar[int]
    RANGE_FIELD_NUMBER: _ClassVar[int]
    resource_ids: _containers.RepeatedScalarFieldContainer[int]
    range: _common_pb2.TimeRange
    def __init__(self, resource_ids: _Optional[_Iterable[int]] = ..., range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ...) -> None: ...

class ListBusyResourcesResponse(_message.Message):
    __slots__ = ("busy_resource_ids",)
    BUSY_RESOURCE_IDS_FIELD_NUMBER: _ClassVar[int]
    busy_resource_ids: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, busy_resource_ids: _Optional[_Iterable[int]] = ...) -> None: ...
