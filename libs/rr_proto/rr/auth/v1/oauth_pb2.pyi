from rr.auth.v1 import auth_pb2 as _auth_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AuthorizationRequest(_message.Message):
    __slots__ = ("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method")
    RESPONSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CODE_CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    CODE_CHALLENGE_METHOD_FIELD_NUMBER: _ClassVar[int]
    response_type: str
    client_id: str
    redirect_uri: str
    scope: str
    state: str
    code_challenge: str
    code_challenge_method: str
    def __init__(self, response_type: _Optional[str] = ..., client_id: _Optional[str] = ..., redirect_uri: _Optional[str] = ..., scope: _Optional[str] = ..., state: _Optional[str] = ..., code_challenge: _Optional[str] = ..., code_challenge_method: _Optional[str] = ...) -> None: ...

class CheckAuthorizationRequest(_message.Message):
    __slots__ = ("request",)
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    request: AuthorizationRequest
    def __init__(self, request: _Optional[_Union[AuthorizationRequest, _Mapping]] = ...) -> None: ...

class CheckAuthorizationResponse(_message.Message):
    __slots__ = ("client_id", "client_name", "redirect_uri", "scopes", "error", "error_description", "redirect_to")
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_NAME_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    ERROR_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_TO_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    client_name: str
    redirect_uri: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    error: str
    error_description: str
    redirect_to: str
    def __init__(self, client_id: _Optional[str] = ..., client_name: _Optional[str] = ..., redirect_uri: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., error: _Optional[str] = ..., error_description: _Optional[str] = ..., redirect_to: _Optional[str] = ...) -> None: ...

class DecideAuthorizationRequest(_message.Message):
    __slots__ = ("request", "allow")
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    ALLOW_FIELD_NUMBER: _ClassVar[int]
    request: AuthorizationRequest
    allow: bool
    def __init__(self, request: _Optional[_Union[AuthorizationRequest, _Mapping]] = ..., allow: _Optional[bool] = ...) -> None: ...

class DecideAuthorizationResponse(_message.Message):
    __slots__ = ("redirect_to",)
    REDIRECT_TO_FIELD_NUMBER: _ClassVar[int]
    redirect_to: str
    def __init__(self, redirect_to: _Optional[str] = ...) -> None: ...

class ExchangeAuthorizationCodeRequest(_message.Message):
    __slots__ = ("code", "redirect_uri", "client_id", "client_secret", "code_verifier")
    CODE_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_URI_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    CODE_VERIFIER_FIELD_NUMBER: _ClassVar[int]
    code: str
    redirect_uri: str
    client_id: str
    client_secret: str
    code_verifier: str
    def __init__(self, code: _Optional[str] = ..., redirect_uri: _Optional[str] = ..., client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., code_verifier: _Optional[str] = ...) -> None: ...

class ExchangeAuthorizationCodeResponse(_message.Message):
    __slots__ = ("tokens",)
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    tokens: _auth_pb2.TokenPair
    def __init__(self, tokens: _Optional[_Union[_auth_pb2.TokenPair, _Mapping]] = ...) -> None: ...

class IntrospectTokenRequest(_message.Message):
    __slots__ = ("client_id", "client_secret", "token", "token_type_hint")
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    CLIENT_SECRET_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_HINT_FIELD_NUMBER: _ClassVar[int]
    client_id: str
    client_secret: str
    token: str
    token_type_hint: str
    def __init__(self, client_id: _Optional[str] = ..., client_secret: _Optional[str] = ..., token: _Optional[str] = ..., token_type_hint: _Optional[str] = ...) -> None: ...

class IntrospectTokenResponse(_message.Message):
    __slots__ = ("active", "sub", "client_id", "scope", "exp", "iat", "token_type", "username")
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SUB_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    EXP_FIELD_NUMBER: _ClassVar[int]
    IAT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_TYPE_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    active: bool
    sub: str
    client_id: str
    scope: str
    exp: int
    iat: int
    token_type: str
    username: str
    def __init__(self, active: _Optional[bool] = ..., sub: _Optional[str] = ..., client_id: _Optional[str] = ..., scope: _Optional[str] = ..., exp: _Optional[int] = ..., iat: _Optional[int] = ..., token_type: _Optional[str] = ..., username: _Optional[str] = ...) -> None: ...
