"""TOTP secrets at rest through the whole stack: auth's database holds only sealed secrets, the dev
stack's key (kept with its data) outlives a restart of auth, and that restart seals a plaintext
secret an earlier release left behind."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
import pyotp
from cryptography.fernet import Fernet

from rr_devstack.stack import Stack
from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_auth import enrol_mfa, sign_in_raw, totp_code


async def stored_secret(stack: Stack, user_id: int) -> str:
    conn = await asyncpg.connect(stack.infra.database_url_for("auth"))
    try:
        return str(await conn.fetchval("SELECT mfa_secret FROM users WHERE id = $1", user_id))
    finally:
        await conn.close()


async def leave_plaintext(stack: Stack, user_id: int, secret: str) -> None:
    """The row as a release before sealing wrote it: MFA on, the base32 secret in the clear."""
    conn = await asyncpg.connect(stack.infra.database_url_for("auth"))
    try:
        await conn.execute("UPDATE users SET mfa_enabled = true, mfa_secret = $2 WHERE id = $1", user_id, secret)
    finally:
        await conn.close()


async def wait_ready(api: httpx.AsyncClient) -> None:
    for _ in range(100):
        if (await api.get("/ready", params={"all": "true"})).status_code == 200:
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the stack did not become ready again")


async def test_mfa_secrets_are_sealed_and_work_across_a_restart_of_auth(
    api: httpx.AsyncClient, rr_stack: Stack, user: Session
) -> None:
    box = Fernet(rr_stack.env_for("auth")["RR_AUTH_MFA_SECRET_KEY"].encode())
    secret = str((await enrol_mfa(api, user))["secret"])
    stored = await stored_secret(rr_stack, user.user_id)
    assert secret not in stored and box.decrypt(stored.encode()).decode() == secret

    veteran = await sign_up_and_in(api, "veteran")
    old_secret = pyotp.random_base32()
    await leave_plaintext(rr_stack, veteran.user_id, old_secret)
    # Read as it is until auth starts again.
    assert (await sign_in_raw(api, veteran.username, otp=totp_code(old_secret))).status_code == 200

    rr_stack.restart("auth")
    await wait_ready(api)

    resealed = await stored_secret(rr_stack, veteran.user_id)
    assert old_secret not in resealed and box.decrypt(resealed.encode()).decode() == old_secret
    for who, code in ((user, totp_code(secret, 1)), (veteran, totp_code(old_secret, 1))):
        answer = await sign_in_raw(api, who.username, otp=code)
        assert answer.status_code == 200, answer.text
