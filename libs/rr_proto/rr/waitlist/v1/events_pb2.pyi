from rr.common.v1 import common_pb2 as _common_pb2
from rr.waitlist.v1 import waitlist_pb2 as _waitlist_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EntryJoined(_message.Message):
    __slots__ = ("header", "entry")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    entry: _waitlist_pb2.WaitlistEntry
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., entry: _Optional[_Union[_waitlist_pb2.WaitlistEntry, _Mapping]] = ...) -> None: ...

class EntryLeft(_message.Message):
    __slots__ = ("header", "entry", "reason")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    entry: _waitlist_pb2.WaitlistEntry
    reason: str
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., entry: _Optional[_Union[_waitlist_pb2.WaitlistEntry, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class OfferChanged(_message.Message):
    __slots__ = ("header", "entry", "resource_name", "reason")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    header: _common_pb2.EventHeader
    entry: _waitlist_pb2.WaitlistEntry
    resource_name: str
    reason: str
    def __init__(self, header: _Optional[_Union[_common_pb2.EventHeader, _Mapping]] = ..., entry: _Optional[_Union[_waitlist_pb2.WaitlistEntry, _Mapping]] = ..., resource_name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...
