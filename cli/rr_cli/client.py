"""HTTP to the gateway: bearer tokens refreshed before they expire and once on a 401, and every
refusal turned into an ``ApiError`` whose message is one readable sentence."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

import httpx

from rr_cli import __version__
from rr_cli.errors import ApiError, CliError, describe
from rr_cli.settings import API_PREFIX
from rr_cli.tokens import Session, TokenStore

SIGN_IN_HINT = "run `rr auth login`"
Params = Mapping[str, Any] | None


def _clean(params: Params) -> dict[str, Any] | None:
    """Drop unset filters so the server's defaults apply; booleans as the API spells them."""
    if params is None:
        return None
    out: dict[str, Any] = {}
    for key, value in params.items():
        if value is None or value == "" or value == []:
            continue
        out[key] = ("true" if value else "false") if isinstance(value, bool) else value
    return out


class ApiClient:
    def __init__(
        self, server: str, store: TokenStore, timeout: float, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.server = server
        self.store = store
        self.timeout = timeout
        self.http = httpx.Client(
            base_url=server,
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": f"resource-reserver-cli/{__version__}", "Accept": "application/json"},
        )

    def close(self) -> None:
        self.http.close()

    # -- requests ---------------------------------------------------------------------------

    def url(self, path: str, root: bool = False) -> str:
        return path if root or path.startswith(API_PREFIX) else API_PREFIX + path

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        files: Any = None,
        auth: bool = True,
        root: bool = False,
        idempotent: bool = False,
    ) -> httpx.Response:
        headers = {"Idempotency-Key": str(uuid.uuid4())} if idempotent else {}

        def send(session: Session | None) -> httpx.Response:
            return self._send(
                method,
                self.url(path, root),
                session,
                params=_clean(params),
                json=json,
                data=data,
                files=files,
                headers=headers,
                retry=idempotent,
            )

        session = self.session() if auth else None
        response = send(session)
        if response.status_code == 401 and session is not None:
            # The same request (and Idempotency-Key) once more with a refreshed token.
            response = send(self.refresh(session))
        if response.status_code >= 400:
            raise self.error(response, signed_in=auth)
        return response

    def _send(
        self, method: str, url: str, session: Session | None, *, headers: dict[str, str], retry: bool, **kwargs: Any
    ) -> httpx.Response:
        if session is not None:
            headers = {**headers, "Authorization": f"Bearer {session.access_token}"}
        attempts = 2 if retry else 1
        for attempt in range(attempts):
            try:
                return self.http.request(method, url, headers=headers, **kwargs)
            except (httpx.ReadTimeout, httpx.RemoteProtocolError) as exc:
                # Safe to repeat only with the same Idempotency-Key: the server answers the first outcome.
                if attempt + 1 < attempts:
                    continue
                raise self.transport_error(exc) from exc
            except httpx.HTTPError as exc:
                raise self.transport_error(exc) from exc
        raise AssertionError("unreachable")

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise CliError(
                f"The server's answer to {method} {self.url(path)} is not JSON; is {self.server} a Resource Reserver gateway?"
            ) from exc

    def get(self, path: str, params: Params = None, **kwargs: Any) -> Any:
        return self.json("GET", path, params=params, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.json("POST", path, json=json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.json("PUT", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.json("PATCH", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.json("DELETE", path, **kwargs)

    def download(self, path: str, sink: IO[bytes], params: Params = None) -> int:
        """Stream a file (CSV, iCalendar) into ``sink``; returns the number of bytes."""
        with self._stream(path, params) as response:
            written = 0
            for chunk in response.iter_bytes():
                sink.write(chunk)
                written += len(chunk)
            return written

    @contextmanager
    def _stream(self, path: str, params: Params) -> Iterator[httpx.Response]:
        for attempt in range(2):
            session = self.session() if attempt == 0 else self.refresh(self.session())
            headers = {"Authorization": f"Bearer {session.access_token}", "Accept": "*/*"}
            try:
                with self.http.stream("GET", self.url(path), params=_clean(params), headers=headers) as response:
                    if response.status_code == 401 and attempt == 0:
                        continue
                    if response.status_code >= 400:
                        response.read()
                        raise self.error(response)
                    yield response
                    return
            except httpx.HTTPError as exc:
                raise self.transport_error(exc) from exc
        raise CliError(f"The server refused the session; {SIGN_IN_HINT}.")

    # -- errors -----------------------------------------------------------------------------

    def error(self, response: httpx.Response, signed_in: bool = True) -> ApiError:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {"detail": body if isinstance(body, list) else None}
        request = response.request
        message = describe(response.status_code, body, request.method, request.url.path, response.reason_phrase)
        if (
            signed_in
            and response.status_code == 401
            and "sign in" not in message.lower()
            and "rr auth login" not in message
        ):
            message += f" ({SIGN_IN_HINT})"
        return ApiError(response.status_code, message, str(body.get("code") or ""), body)

    def transport_error(self, exc: httpx.HTTPError) -> CliError:
        if isinstance(exc, httpx.ConnectError):
            return CliError(
                f"Cannot reach the server at {self.server} ({exc}); is it running? Choose another with --api-url or RR_API_URL."
            )
        if isinstance(exc, httpx.TimeoutException):
            return CliError(
                f"The server at {self.server} did not answer within {self.timeout:g} seconds; try again, or raise it with `rr config set timeout`."
            )
        return CliError(f"The request to {self.server} failed: {exc}.")

    # -- sessions ---------------------------------------------------------------------------

    def session(self) -> Session:
        """The stored session for this server, refreshed first if it is about to expire."""
        session = self.store.load(self.server)
        if session is None:
            raise CliError(f"You are not signed in to {self.server}; {SIGN_IN_HINT}.")
        return self.refresh(session) if session.expiring else session

    def refresh(self, stale: Session) -> Session:
        with self.store.locked():
            current = self.store.load(self.server)
            if current is not None and current.access_token != stale.access_token and not current.expiring:
                return current  # another process refreshed it meanwhile
            current = current or stale
            if not current.refresh_token:
                self.store.clear(self.server)
                raise CliError(f"Your session on {self.server} has expired; {SIGN_IN_HINT}.")
            try:
                response = self.http.post(self.url("/token/refresh"), json={"refresh_token": current.refresh_token})
            except httpx.HTTPError as exc:
                raise self.transport_error(exc) from exc
            if response.status_code in (400, 401, 403, 422):
                self.store.clear(self.server)
                reason = self.error(response, signed_in=False).message.rstrip(".")
                raise CliError(f"Your session on {self.server} has ended ({reason}); {SIGN_IN_HINT}.")
            if response.status_code >= 400:
                raise self.error(response)
            fresh = Session.from_answer(response.json(), current.username)
            self.store.save(self.server, fresh)
            return fresh

    def sign_in(self, username: str, password: str, otp: str = "") -> Session:
        form = {"username": username, "password": password, "grant_type": "password"}
        if otp:
            form["otp"] = otp
        response = self.request("POST", "/token", data=form, auth=False)
        session = Session.from_answer(response.json(), username)
        self.store.save(self.server, session)
        return session
