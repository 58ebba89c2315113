"""Password reset by e-mail through the gateway, with the mail read from a real SMTP server:
the link's token works once, expires, ends old sessions, and asking about an unknown account
looks exactly like asking about a real one (and mails nobody)."""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
import uuid
from email.message import EmailMessage
from urllib.parse import parse_qs, urlparse

import asyncpg
import httpx

from rr_devstack.stack import Stack
from services.notify.tests.support import SmtpServer
from tests.e2e.support import PASSWORD, Session, sign_up_and_in
from tests.e2e.support_auth import fail_sign_in, sign_in_raw
from tests.e2e.support_notify import gateway_replica

RESET = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
NEW_PASSWORD = "Brand-New-Horse-7"


async def mail_to(smtp: SmtpServer, address: str, count: int = 1, timeout: float = 20) -> list[EmailMessage]:
    deadline = time.monotonic() + timeout
    while len(smtp.mailbox.to(address)) < count:
        assert time.monotonic() < deadline, f"no password-reset e-mail reached {address}"
        await asyncio.sleep(0.1)
    return smtp.mailbox.to(address)


def link_token(message: EmailMessage) -> str:
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    content = text.get_content()
    link = re.search(r"https?://\S+/reset-password\?token=\S+", content)
    assert link is not None, content
    return parse_qs(urlparse(link.group(0)).query)["token"][0]


async def request_reset(api: httpx.AsyncClient, who: Session, smtp: SmtpServer) -> str:
    asked = await api.post(RESET, json={"email": f"{who.username}@example.com"})
    assert asked.status_code == 202, asked.text
    [mail] = await mail_to(smtp, f"{who.username}@example.com")
    assert "reset" in mail["Subject"].lower()
    return link_token(mail)


async def test_the_mailed_link_sets_a_new_password_once_and_ends_old_sessions(
    api: httpx.AsyncClient, smtp: SmtpServer
) -> None:
    who = await sign_up_and_in(api, "forgetful")
    token = await request_reset(api, who, smtp)

    done = await api.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    assert done.status_code == 200, done.text

    assert (await sign_in_raw(api, who.username, PASSWORD)).status_code == 401
    assert (await sign_in_raw(api, who.username, NEW_PASSWORD)).status_code == 200
    # The session from before the reset cannot be renewed.
    refreshed = await api.post("/api/v1/token/refresh", json={"refresh_token": who.refresh_token})
    assert refreshed.status_code == 401, refreshed.text
    # The link is spent.
    again = await api.post(CONFIRM, json={"token": token, "new_password": "Another-Horse-8"})
    assert again.status_code == 422, again.text
    assert again.json()["code"] == "invalid_reset_token"
    assert "already used" in again.json()["detail"]
    assert (await sign_in_raw(api, who.username, NEW_PASSWORD)).status_code == 200


async def test_the_username_works_too_and_a_weak_password_keeps_the_link_good(
    api: httpx.AsyncClient, smtp: SmtpServer
) -> None:
    who = await sign_up_and_in(api, "byname")
    asked = await api.post(RESET, json={"username": who.username.upper()})
    assert asked.status_code == 202, asked.text
    token = link_token((await mail_to(smtp, f"{who.username}@example.com"))[0])

    weak = await api.post(CONFIRM, json={"token": token, "new_password": "short"})
    assert weak.status_code == 422, weak.text
    assert weak.json()["code"] == "weak_password"
    assert (await sign_in_raw(api, who.username, PASSWORD)).status_code == 200

    assert (await api.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})).status_code == 200


async def test_an_expired_link_is_refused(api: httpx.AsyncClient, smtp: SmtpServer, rr_stack: Stack) -> None:
    who = await sign_up_and_in(api, "late")
    token = await request_reset(api, who, smtp)
    # Let the link's time run out (auth stores only the token's SHA-256).
    connection = await asyncpg.connect(rr_stack.infra.database_url_for("auth"))
    try:
        changed = await connection.execute(
            "UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
            hashlib.sha256(token.encode()).hexdigest(),
        )
    finally:
        await connection.close()
    assert changed == "UPDATE 1"

    late = await api.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    assert late.status_code == 422, late.text
    assert late.json()["code"] == "invalid_reset_token"
    assert "expired" in late.json()["detail"]
    assert (await sign_in_raw(api, who.username, PASSWORD)).status_code == 200


async def test_an_unknown_token_is_refused(api: httpx.AsyncClient) -> None:
    answer = await api.post(CONFIRM, json={"token": uuid.uuid4().hex, "new_password": NEW_PASSWORD})
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_reset_token"
    empty = await api.post(CONFIRM, json={"token": "", "new_password": NEW_PASSWORD})
    assert empty.status_code == 422


async def test_unknown_and_real_accounts_get_the_same_answer_and_only_the_real_one_mail(
    api: httpx.AsyncClient, smtp: SmtpServer
) -> None:
    who = await sign_up_and_in(api, "real")
    ghost = f"ghost{uuid.uuid4().hex[:10]}@example.com"

    started = time.monotonic()
    real = await api.post(RESET, json={"email": f"{who.username}@example.com"})
    real_seconds = time.monotonic() - started
    started = time.monotonic()
    unknown = await api.post(RESET, json={"email": ghost})
    unknown_seconds = time.monotonic() - started

    assert (real.status_code, real.json()) == (unknown.status_code, unknown.json())
    assert real.status_code == 202
    # Neither waits on a password hash or on mail: both are quick, so timing tells nothing useful.
    assert real_seconds < 2 and unknown_seconds < 2
    await mail_to(smtp, f"{who.username}@example.com")
    await asyncio.sleep(2)  # time enough for a mail, if one were (wrongly) sent
    assert smtp.mailbox.to(ghost) == []

    missing = await api.post(RESET, json={})
    assert missing.status_code == 422
    assert "e-mail address" in missing.json()["detail"]


async def test_a_deactivated_account_gets_no_mail(api: httpx.AsyncClient, admin: Session, smtp: SmtpServer) -> None:
    who = await sign_up_and_in(api, "inactive")
    off = await api.post(f"/api/v1/auth/admin/users/{who.user_id}/deactivate", headers=admin.auth)
    assert off.status_code == 200, off.text
    asked = await api.post(RESET, json={"email": f"{who.username}@example.com"})
    assert asked.status_code == 202
    await asyncio.sleep(2)
    assert smtp.mailbox.to(f"{who.username}@example.com") == []


async def test_a_reset_lifts_a_sign_in_lockout(api: httpx.AsyncClient, smtp: SmtpServer) -> None:
    who = await sign_up_and_in(api, "locked")
    await fail_sign_in(api, who.username, 6)
    assert (await sign_in_raw(api, who.username, PASSWORD)).status_code == 429
    token = await request_reset(api, who, smtp)
    assert (await api.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})).status_code == 200
    assert (await sign_in_raw(api, who.username, NEW_PASSWORD)).status_code == 200


async def test_the_token_reaches_neither_the_audit_log_nor_webhooks(
    api: httpx.AsyncClient, admin: Session, smtp: SmtpServer
) -> None:
    who = await sign_up_and_in(api, "secret")
    token = await request_reset(api, who, smtp)
    logs = await api.get(
        "/api/v1/audit/logs", params={"action": "password_reset.requested", "limit": 100}, headers=admin.auth
    )
    assert logs.status_code == 200, logs.text
    mine = [e for e in logs.json()["data"] if str(who.user_id) in str(e)]
    assert mine, logs.json()
    assert token not in logs.text


async def test_requests_are_limited_per_account_name_alike_for_real_and_unknown_accounts(
    rr_stack: Stack, user: Session
) -> None:
    tight = {"RR_GATEWAY_RATE_LIMIT_PASSWORD_RESET": "2/minute", "RR_GATEWAY_RATE_LIMIT_LOGIN": "100/minute"}
    async with gateway_replica(rr_stack, tight) as base, httpx.AsyncClient(base_url=base, timeout=15) as client:
        for name in (user.username, f"nobody{uuid.uuid4().hex[:8]}"):
            first = await client.post(RESET, json={"username": name})
            second = await client.post(RESET, json={"username": name.upper()})
            assert (first.status_code, second.status_code) == (202, 202), second.text
            third = await client.post(RESET, json={"username": name})
            assert third.status_code == 429, third.text
            assert third.json()["detail"].startswith("Too many password-reset requests for this account;")
            assert int(third.headers["retry-after"]) >= 1
        # Someone else's budget is untouched, and the body still reaches the route intact.
        other = await client.post(RESET, json={"email": f"other{uuid.uuid4().hex[:8]}@example.com"})
        assert other.status_code == 202, other.text
