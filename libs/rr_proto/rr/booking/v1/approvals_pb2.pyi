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

class ListPendingApprovalsRequest(_message.Message):
    __slots__ = ("page", "resource_id")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    resource_id: int
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., resource_id: _Optional[int] = ...) -> None: ...

class ListPendingApprovalsResponse(_message.Message):
    __slots__ = ("reservations", "page")
    RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    reservations: _containers.RepeatedCompositeFieldContainer[_booking_pb2.Reservation]
    page: _common_pb2.PageInfo
    def __init__(self, reservations: _Optional[_Iterable[_Union[_booking_pb2.Reservation, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class ListMyApprovalRequestsRequest(_message.Message):
    __slots__ = ("page", "status")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    status: str
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., status: _Optional[str] = ...) -> None: ...

class ListMyApprovalRequestsResponse(_message.Message):
    __slots__ = ("reservations", "page")
    RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    reservations: _containers.RepeatedCompositeFieldContainer[_booking_pb2.Reservation]
    page: _common_pb2.PageInfo
    def __init__(self, reservations: _Optional[_Iterable[_Union[_booking_pb2.Reservation, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class RespondToApprovalRequest(_message.Message):
    __slots__ = ("id", "approve", "comment")
    ID_FIELD_NUMBER: _ClassVar[int]
    APPROVE_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    id: int
    approve: bool
    comment: str
    def __init__(self, id: _Optional[int] = ..., approve: _Optional[bool] = ..., comment: _Optional[str] = ...) -> None: ...

class RespondToApprovalResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _booking_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_booking_pb2.Reservation, _Mapping]] = ...) -> None: ...

class GetApprovalRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    def __init__(self, id: _Optional[int] = ...) -> None: ...

class GetApprovalResponse(_message.Message):
    __slots__ = ("reservation", "may_respond")
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    MAY_RESPOND_FIELD_NUMBER: _ClassVar[int]
    reservation: _booking_pb2.Reservation
    may_respond: bool
    def __init__(self, reservation: _Optional[_Union[_booking_pb2.Reservation, _Mapping]] = ..., may_respond: _Optional[bool] = ...) -> None: ...

class WithdrawApprovalRequest(_message.Message):
    __slots__ = ("id", "reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    id: int
    reason: str
    def __init__(self, id: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class WithdrawApprovalResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _booking_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_booking_pb2.Reservation, _Mapping]] = ...) -> None: ...

class ResourceSettings(_message.Message):
    __slots__ = ("resource_id", "requires_check_in", "check_in_window_minutes", "approval_expiry_minutes", "requires_approval", "updated_at", "updated_by", "approver_user_ids", "approver_role")
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_CHECK_IN_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_WINDOW_MINUTES_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_EXPIRY_MINUTES_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_APPROVAL_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    APPROVER_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ROLE_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    requires_check_in: bool
    check_in_window_minutes: int
    approval_expiry_minutes: int
    requires_approval: bool
    updated_at: _timestamp_pb2.Timestamp
    updated_by: int
    approver_user_ids: _containers.RepeatedScalarFieldContainer[int]
    approver_role: str
    def __init__(self, resource_id: _Optional[int] = ..., requires_check_in: _Optional[bool] = ..., check_in_window_minutes: _Optional[int] = ..., approval_expiry_minutes: _Optional[int] = ..., requires_approval: _Optional[bool] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_by: _Optional[int] = ..., approver_user_ids: _Optional[_Iterable[int]] = ..., approver_role: _Optional[str] = ...) -> None: ...

class GetResourceSettingsRequest(_message.Message):
    __slots__ = ("resource_id",)
    RESOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    resource_id: int
    def __init__(self, resource_id: _Optional[int] = ...) -> None: ...

class GetResourceSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: ResourceSettings
    def __init__(self, settings: _Optional[_Union[ResourceSettings, _Mapping]] = ...) -> None: ...

class UpdateResourceSettingsRequest(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: ResourceSettings
    def __init__(self, settings: _Optional[_Union[ResourceSettings, _Mapping]] = ...) -> None: ...

class UpdateResourceSettingsResponse(_message.Message):
    __slots__ = ("settings",)
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    settings: ResourceSettings
    def __init__(self, settings: _Optional[_Union[ResourceSettings, _Mapping]] = ...) -> None: ...
