"""Who a sign-in is for, read from the POST /token form before the route sees it.

The rate limiter keys sign-in on the account name (a whole office shares one address), so it
must read the form body. ASGI hands a body out once: the bytes read here are given back to the
route by a replaying `receive`, so the route parses the same form. The body is already bounded
in size and read time by RequestGuard, which sits outside the limiter."""

from __future__ import annotations

import json

from starlette.datastructures import FormData
from starlette.requests import ClientDisconnect, Request
from starlette.types import Message, Receive, Scope

# The longest account or client name the form accepts (the route refuses longer ones anyway).
MAX_NAME = 254


class BodyGone(Exception):
    """The client went away (or RequestGuard answered) before the body was in."""


async def read_sign_in(scope: Scope, receive: Receive) -> tuple[str, Receive]:
    """The account a sign-in is for (`user:<name>` for the password grant, `client:<id>` for
    client credentials, "" when the form names neither) and a `receive` that replays the body."""
    request = Request(scope, receive)
    try:
        body = await request.body()
        form = await request.form()
    except ClientDisconnect as exc:
        raise BodyGone from exc
    except Exception:  # noqa: BLE001 - a malformed form is the route's to refuse with a 4xx
        form = FormData()
    else:
        await form.close()
    return account_of(form), _replay(body, receive)


def account_of(form: FormData) -> str:
    grant = str(form.get("grant_type") or "password")
    # Auth matches names without regard to case: so does the budget, or case games would dodge it.
    if grant == "password" and (name := str(form.get("username") or "").strip().lower()[:MAX_NAME]):
        return f"user:{name}"
    if grant == "client_credentials" and (client := str(form.get("client_id") or "").strip()[:MAX_NAME]):
        return f"client:{client}"
    return ""


async def read_reset_request(scope: Scope, receive: Receive) -> tuple[str, Receive]:
    """The name a password-reset request (JSON `email` or `username`) is for, lower-cased, and
    a `receive` that replays the body."""
    request = Request(scope, receive)
    try:
        body = await request.body()
    except ClientDisconnect as exc:
        raise BodyGone from exc
    try:
        data = json.loads(body)
    except ValueError:
        data = None  # the route refuses it with a 4xx
    name = ""
    if isinstance(data, dict):
        value = data.get("email") or data.get("username")
        name = value.strip().lower()[:MAX_NAME] if isinstance(value, str) else ""
    return (f"user:{name}" if name else ""), _replay(body, receive)


def _replay(body: bytes, receive: Receive) -> Receive:
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: only the disconnect is left to wait for

    return replay
