import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from rr.common.v1 import legacy_import_pb2 as _legacy_import_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LegacyUser(_message.Message):
    __slots__ = ("old_id", "username", "email", "password_hash", "roles", "is_active", "mfa_enabled", "mfa_secret", "locked_until", "created_at")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_HASH_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    IS_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    MFA_ENABLED_FIELD_NUMBER: _ClassVar[int]
    MFA_SECRET_FIELD_NUMBER: _ClassVar[int]
    LOCKED_UNTIL_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    username: str
    email: str
    password_hash: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    is_active: bool
    mfa_enabled: bool
    mfa_secret: str
    locked_until: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, old_id: _Optional[str] = ..., username: _Optional[str] = ..., email: _Optional[str] = ..., password_hash: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ..., is_active: _Optional[bool] = ..., mfa_enabled: _Optional[bool] = ..., mfa_secret: _Optional[str] = ..., locked_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ImportUsersRequest(_message.Message):
    __slots__ = ("users", "dry_run", "source")
    USERS_FIELD_NUMBER: _ClassVar[int]
    DRY_RUN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[LegacyUser]
    dry_run: bool
    source: str
    def __init__(self, users: _Optional[_Iterable[_Union[LegacyUser, _Mapping]]] = ..., dry_run: _Optional[bool] = ..., source: _Optional[str] = ...) -> None: ...

class ImportUsersResponse(_message.Message):
    __slots__ = ("rows",)
    ROWS_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[_legacy_import_pb2.ImportedRow]
    def __init__(self, rows: _Optional[_Iterable[_Union[_legacy_import_pb2.ImportedRow, _Mapping]]] = ...) -> None: ...
