from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class SetupMfaRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetupMfaResponse(_message.Message):
    __slots__ = ("secret", "totp_uri", "qr_code_png", "qr_code_svg", "backup_codes")
    SECRET_FIELD_NUMBER: _ClassVar[int]
    TOTP_URI_FIELD_NUMBER: _ClassVar[int]
    QR_CODE_PNG_FIELD_NUMBER: _ClassVar[int]
    QR_CODE_SVG_FIELD_NUMBER: _ClassVar[int]
    BACKUP_CODES_FIELD_NUMBER: _ClassVar[int]
    secret: str
    totp_uri: str
    qr_code_png: str
    qr_code_svg: str
    backup_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, secret: _Optional[str] = ..., totp_uri: _Optional[str] = ..., qr_code_png: _Optional[str] = ..., qr_code_svg: _Optional[str] = ..., backup_codes: _Optional[_Iterable[str]] = ...) -> None: ...

class VerifyMfaRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class VerifyMfaResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class DisableMfaRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class DisableMfaResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RegenerateBackupCodesRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class RegenerateBackupCodesResponse(_message.Message):
    __slots__ = ("backup_codes",)
    BACKUP_CODES_FIELD_NUMBER: _ClassVar[int]
    backup_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, backup_codes: _Optional[_Iterable[str]] = ...) -> None: ...
