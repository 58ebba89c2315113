import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class QuotaLimits(_message.Message):
    __slots__ = ("max_active_reservations", "max_hours_per_week", "max_advance_days")
    MAX_ACTIVE_RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    MAX_HOURS_PER_WEEK_FIELD_NUMBER: _ClassVar[int]
    MAX_ADVANCE_DAYS_FIELD_NUMBER: _ClassVar[int]
    max_active_reservations: int
    max_hours_per_week: float
    max_advance_days: int
    def __init__(self, max_active_reservations: _Optional[int] = ..., max_hours_per_week: _Optional[float] = ..., max_advance_days: _Optional[int] = ...) -> None: ...

class RoleQuota(_message.Message):
    __slots__ = ("role", "limits")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    role: str
    limits: QuotaLimits
    def __init__(self, role: _Optional[str] = ..., limits: _Optional[_Union[QuotaLimits, _Mapping]] = ...) -> None: ...

class QuotaUsage(_message.Message):
    __slots__ = ("active_reservations", "hours_this_week", "week_start")
    ACTIVE_RESERVATIONS_FIELD_NUMBER: _ClassVar[int]
    HOURS_THIS_WEEK_FIELD_NUMBER: _ClassVar[int]
    WEEK_START_FIELD_NUMBER: _ClassVar[int]
    active_reservations: int
    hours_this_week: float
    week_start: _timestamp_pb2.Timestamp
    def __init__(self, active_reservations: _Optional[int] = ..., hours_this_week: _Optional[float] = ..., week_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetQuotaConfigRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetQuotaConfigResponse(_message.Message):
    __slots__ = ("roles",)
    ROLES_FIELD_NUMBER: _ClassVar[int]
    roles: _containers.RepeatedCompositeFieldContainer[RoleQuota]
    def __init__(self, roles: _Optional[_Iterable[_Union[RoleQuota, _Mapping]]] = ...) -> None: ...

class UpdateQuotaConfigRequest(_message.Message):
    __slots__ = ("roles",)
    ROLES_FIELD_NUMBER: _ClassVar[int]
    roles: _containers.RepeatedCompositeFieldContainer[RoleQuota]
    def __init__(self, roles: _Optional[_Iterable[_Union[RoleQuota, _Mapping]]] = ...) -> None: ...

class UpdateQuotaConfigResponse(_message.Message):
    __slots__ = ("roles",)
    ROLES_FIELD_NUMBER: _ClassVar[int]
    roles: _containers.RepeatedCompositeFieldContainer[RoleQuota]
    def __init__(self, roles: _Optional[_Iterable[_Union[RoleQuota, _Mapping]]] = ...) -> None: ...

class GetMyQuotaUsageRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetMyQuotaUsageResponse(_message.Message):
    __slots__ = ("limits", "usage")
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    limits: QuotaLimits
    usage: QuotaUsage
    def __init__(self, limits: _Optional[_Union[QuotaLimits, _Mapping]] = ..., usage: _Optional[_Union[QuotaUsage, _Mapping]] = ...) -> None: ...

class UserQuota(_message.Message):
    __slots__ = ("user_id", "override", "usage", "updated_at", "updated_by")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    USAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    override: QuotaLimits
    usage: QuotaUsage
    updated_at: _timestamp_pb2.Timestamp
    updated_by: int
    def __init__(self, user_id: _Optional[int] = ..., override: _Optional[_Union[QuotaLimits, _Mapping]] = ..., usage: _Optional[_Union[QuotaUsage, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_by: _Optional[int] = ...) -> None: ...

class GetUserQuotaRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    def __init__(self, user_id: _Optional[int] = ...) -> None: ...

class GetUserQuotaResponse(_message.Message):
    __slots__ = ("quota",)
    QUOTA_FIELD_NUMBER: _ClassVar[int]
    quota: UserQuota
    def __init__(self, quota: _Optional[_Union[UserQuota, _Mapping]] = ...) -> None: ...

class UpdateUserQuotaRequest(_message.Message):
    __slots__ = ("user_id", "override", "clear")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    CLEAR_FIELD_NUMBER: _ClassVar[int]
    user_id: int
    override: QuotaLimits
    clear: bool
    def __init__(self, user_id: _Optional[int] = ..., override: _Optional[_Union[QuotaLimits, _Mapping]] = ..., clear: _Optional[bool] = ...) -> None: ...

class UpdateUserQuotaResponse(_message.Message):
    __slots__ = ("quota",)
    QUOTA_FIELD_NUMBER: _ClassVar[int]
    quota: UserQuota
    def __init__(self, quota: _Optional[_Union[UserQuota, _Mapping]] = ...) -> None: ...
