import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.booking.v1 import booking_pb2 as _booking_pb2
from rr.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReservationCreated(_message.Message):
    __slots__ = ("header", "reservation", "resource_name")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    reservation: _booking_pb2.Reservation
    resource_name: str
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., reservation: _Optional[_Union[_booking_pb2.Reservation, _Mapping]] = ..., resource_name: _Optional[str] = ...) -> None: ...

class ReservationCancelled(_message.Message):
    __slots__ = ("header", "reservation", "resource_name")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    reservation: _booking_pb2.Reservation
    resource_name: str
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., reservation: _Optional[_Union[_booking_pb2.Reservation, _Mapping]] = ..., resource_name: _Optional[str] = ...) -> None: ...

class ReservationChanged(_message.Message):
    __slots__ = ("header", "reservation", "resource_name", "reason", "previous_status", "previous_start_time", "previous_end_time")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_STATUS_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_START_TIME_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_END_TIME_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    reservation: _booking_pb2.Reservation
    resource_name: str
    reason: str
    previous_status: str
    previous_start_time: _timestamp_pb2.Timestamp
    previous_end_time: _timestamp_pb2.Timestamp
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., reservation: _Optional[_Union[_booking_pb2.Reservation, _Mapping]] = ..., resource_name: _Optional[str] = ..., reason: _Optional[str] = ..., previous_status: _Optional[str] = ..., previous_start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., previous_end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SeriesChanged(_message.Message):
    __slots__ = ("header", "series", "reservations", "resource_name", "reason")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    SERIES_FIELD_NUMBER: _ClassVar[int]
    RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    series: _booking_pb2.Series
    reservations: _containers.RepeatedCompositeFieldContainer[_booking_pb2.Reservation]
    resource_name: str
    reason: str
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., series: _Optional[_Union[_booking_pb2.Series, _Mapping]] = ..., reservations: _Optional[_Iterable[_Union[_booking_pb2.Reservation, _Mapping]]] = ..., resource_name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...
