from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ImportOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMPORT_OUTCOME_UNSPECIFIED: _ClassVar[ImportOutcome]
    IMPORT_OUTCOME_CREATED: _ClassVar[ImportOutcome]
    IMPORT_OUTCOME_ALREADY_THERE: _ClassVar[ImportOutcome]
    IMPORT_OUTCOME_SKIPPED: _ClassVar[ImportOutcome]
    IMPORT_OUTCOME_CONFLICT: _ClassVar[ImportOutcome]
IMPORT_OUTCOME_UNSPECIFIED: ImportOutcome
IMPORT_OUTCOME_CREATED: ImportOutcome
IMPORT_OUTCOME_ALREADY_THERE: ImportOutcome
IMPORT_OUTCOME_SKIPPED: ImportOutcome
IMPORT_OUTCOME_CONFLICT: ImportOutcome

class ImportedRow(_message.Message):
    __slots__ = ("old_id", "new_id", "outcome", "detail", "renumbered")
    OLD_ID_FIELD_NUMBER: _ClassVar[int]
    NEW_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    RENUMBERED_FIELD_NUMBER: _ClassVar[int]
    old_id: str
    new_id: int
    outcome: ImportOutcome
    detail: str
    renumbered: bool
    def __init__(self, old_id: _Optional[str] = ..., new_id: _Optional[int] = ..., outcome: _Optional[_Union[ImportOutcome, str]] = ..., detail: _Optional[str] = ..., renumbered: _Optional[bool] = ...) -> None: ...
