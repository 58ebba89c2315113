import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.booking.v1 import analytics_pb2 as _analytics_pb2
from rr.booking.v1 import booking_pb2 as _booking_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BulkItem(_message.Message):
    __slots__ = ("resource_id", "start_time", "end_time", "notes")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    notes: str
    def __init__(self, resource_id: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notes: _Optional[str] = ...) -> None: ...

class BulkCreateRequest(_message.Message):
    __slots__ = ("items", "validate_only", "idempotency_key")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    VALIDATE_ONLY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[BulkItem]
    validate_only: bool
    idempotency_key: str
    def __init__(self, items: _Optional[_Iterable[_Union[BulkItem, _Mapping]]] = ..., validate_only: _Optional[bool] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class BulkItemResult(_message.Message):
    __slots__ = ("index", "outcome", "reservation", "code", "reason")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    index: int
    outcome: str
    reservation: _booking_pb2.Reservation
    code: str
    reason: str
    def __init__(self, index: _Optional[int] = ..., outcome: _Optional[str] = ..., reservation: _Optional[_Union[_booking_pb2.Reservation, _Mapping]] = ..., code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class BulkCreateResponse(_message.Message):
    __slots__ = ("results", "created", "failed")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[BulkItemResult]
    created: int
    failed: int
    def __init__(self, results: _Optional[_Iterable[_Union[BulkItemResult, _Mapping]]] = ..., created: _Optional[int] = ..., failed: _Optional[int] = ...) -> None: ...

class BulkCancelRequest(_message.Message):
    __slots__ = ("ids", "reason")
    IDS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ids: _containers.RepeatedScalarFieldContainer[int]
    reason: str
    def __init__(self, ids: _Optional[_Iterable[int]] = ..., reason: _Optional[str] = ...) -> None: ...

class BulkCancelResult(_message.Message):
    __slots__ = ("id", "outcome", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: int
    outcome: str
    reason: str
    def __init__(self, id: _Optional[int] = ..., outcome: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class BulkCancelResponse(_message.Message):
    __slots__ = ("results", "cancelled")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[BulkCancelResult]
    cancelled: int
    def __init__(self, results: _Optional[_Iterable[_Union[BulkCancelResult, _Mapping]]] = ..., cancelled: _Optional[int] = ...) -> None: ...
