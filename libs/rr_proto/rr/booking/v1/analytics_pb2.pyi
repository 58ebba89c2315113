from rr.booking.v1 import booking_pb2 as _booking_pb2
from rr.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AnalyticsRequest(_message.Message):
    __slots__ = ("range", "resource_id", "limit")
    RANGE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    range: _common_pb2.TimeRange
    resource_id: int
    limit: int
    def __init__(self, range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ..., resource_id: _Optional[int] = ..., limit: _Optional[int] = ...) -> None: ...

class StatusCount(_message.Message):
    __slots__ = ("status", "count")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    status: str
    count: int
    def __init__(self, status: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class GetDashboardResponse(_message.Message):
    __slots__ = ("range", "total_reservations", "by_status", "booked_hours", "active_users", "active_resources", "no_show_rate", "cancellation_rate", "top_resources")
    RANGE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    BY_STATUS_FIELD_NUMBER: _ClassVar[int]
    BOOKED_HOURS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_USERS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_RESOURCES_FIELD_NUMBER: _ClassVar[int]
    NO_SHOW_RATE_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_RATE_FIELD_NUMBER: _ClassVar[int]
    TOP_RESOURCES_FIELD_NUMBER: _ClassVar[int]
    range: _common_pb2.TimeRange
    total_reservations: int
    by_status: _containers.RepeatedCompositeFieldContainer[StatusCount]
    booked_hours: float
    active_users: int
    active_resources: int
    no_show_rate: float
    cancellation_rate: float
    top_resources: _containers.RepeatedCompositeFieldContainer[PopularResource]
    def __init__(self, range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ..., total_reservations: _Optional[int] = ..., by_status: _Optional[_Iterable[_Union[StatusCount, _Mapping]]] = ..., booked_hours: _Optional[float] = ..., active_users: _Optional[int] = ..., active_resources: _Optional[int] = ..., no_show_rate: _Optional[float] = ..., cancellation_rate: _Optional[float] = ..., top_resources: _Optional[_Iterable[_Union[PopularResource, _Mapping]]] = ...) -> None: ...

class ResourceUtilization(_message.Message):
    __slots__ = ("resource_id", "resource_name", "booked_hours", "open_hours", "utilization", "reservation_count", "hours_known")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    BOOKED_HOURS_FIELD_NUMBER: _ClassVar[int]
    OPEN_HOURS_FIELD_NUMBER: _ClassVar[int]
    UTILIZATION_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    HOURS_KNOWN_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    resource_name: str
    booked_hours: float
    open_hours: float
    utilization: float
    reservation_count: int
    hours_known: bool
    def __init__(self, resource_id: _Optional[int] = ..., resource_name: _Optional[str] = ..., booked_hours: _Optional[float] = ..., open_hours: _Optional[float] = ..., utilization: _Optional[float] = ..., reservation_count: _Optional[int] = ..., hours_known: _Optional[bool] = ...) -> None: ...

class GetUtilizationResponse(_message.Message):
    __slots__ = ("range", "resources")
    RANGE_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    range: _common_pb2.TimeRange
    resources: _containers.RepeatedCompositeFieldContainer[ResourceUtilization]
    def __init__(self, range: _Optional[_Union[_common_pb2.TimeRange, _Mapping]] = ..., resources: _Optional[_Iterable[_Union[ResourceUtilization, _Mapping]]] = ...) -> None: ...

class PopularResource(_message.Message):
    __slots__ = ("resource_id", "resource_name", "reservation_count", "booked_hours", "unique_users")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    BOOKED_HOURS_FIELD_NUMBER: _ClassVar[int]
    UNIQUE_USERS_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    resource_name: str
    reservation_count: int
    booked_hours: float
    unique_users: int
    def __init__(self, resource_id: _Optional[int] = ..., resource_name: _Optional[str] = ..., reservation_count: _Optional[int] = ..., booked_hours: _Optional[float] = ..., unique_users: _Optional[int] = ...) -> None: ...

class GetPopularResourcesResponse(_message.Message):
    __slots__ = ("resources",)
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    resources: _containers.RepeatedCompositeFieldContainer[PopularResource]
    def __init__(self, resources: _Optional[_Iterable[_Union[PopularResource, _Mapping]]] = ...) -> None: ...

class PeakCell(_message.Message):
    __slots__ = ("weekday", "hour", "count")
    WEEKDAY_FIELD_NUMBER: _ClassVar[int]
    HOUR_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    weekday: int
    hour: int
    count: int
    def __init__(self, weekday: _Optional[int] = ..., hour: _Optional[int] = ..., count: _Optional[int] = ...) -> None: ...

class GetPeakTimesResponse(_message.Message):
    __slots__ = ("cells",)
    CELLS_FIELD_NUMBER: _ClassVar[int]
    cells: _containers.RepeatedCompositeFieldContainer[PeakCell]
    def __init__(self, cells: _Optional[_Iterable[_Union[PeakCell, _Mapping]]] = ...) -> None: ...

class UserPattern(_message.Message):
    __slots__ = ("user_id", "username", "reservation_count", "booked_hours", "cancelled", "no_shows", "favourite_resource_id", "average_lead_hours")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    RESERVATION_COUNT_FIELD_NUMBER: _ClassVar[int]
    BOOKED_HOURS_FIELD_NUMBER: _ClassVar[int]
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    NO_SHOWS_FIELD_NUMBER: _ClassVar[int]
    FAVOURITE_RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_LEAD_HOURS_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    username: str
    reservation_count: int
    booked_hours: float
    cancelled: int
    no_shows: int
    favourite_resource_id: int
    average_lead_hours: float
    def __init__(self, user_id: _Optional[int] = ..., username: _Optional[str] = ..., reservation_count: _Optional[int] = ..., booked_hours: _Optional[float] = ..., cancelled: _Optional[int] = ..., no_shows: _Optional[int] = ..., favourite_resource_id: _Optional[int] = ..., average_lead_hours: _Optional[float] = ...) -> None: ...

class GetUserPatternsResponse(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[UserPattern]
    def __init__(self, users: _Optional[_Iterable[_Union[UserPattern, _Mapping]]] = ...) -> None: ...

class ExportReservationsCsvRequest(_message.Message):
    __slots__ = ("filter",)
    FILTER_FIELD_NUMBER: _ClassVar[int]
    filter: _booking_pb2.ReservationFilter
    def __init__(self, filter: _Optional[_Union[_booking_pb2.ReservationFilter, _Mapping]] = ...) -> None: ...

class CsvDocument(_message.Message):
    __slots__ = ("csv", "filename", "rows")
    CSV_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    csv: bytes
    filename: str
    rows: int
    def __init__(self, csv: _Optional[bytes] = ..., filename: _Optional[str] = ..., rows: _Optional[int] = ...) -> None: ...
