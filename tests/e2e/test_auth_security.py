"""Account security through the gateway: lockout (429 account_locked + retry_after, no username
enumeration), password policy, MFA at sign-in (mfa_required, replay refused, backup codes)."""

from __future__ import annotations

import httpx

from tests.e2e.support_auth import (
    API,
    PASSWORD,
    Session,
    enrol_mfa,
    fail_sign_in,
    sign_in_raw,
    totp_code,
    unique,
)


async def test_five_failures_lock_the_account_and_say_when_to_retry(
    api: httpx.AsyncClient, user: Session, admin: Session
) -> None:
    answers = await fail_sign_in(api, user.username, 5)
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    locked = answers[-1].json()
    assert locked["code"] == "account_locked" and 800 <= locked["retry_after"] <= 900
    assert "try again in 15 minutes" in locked["detail"]
    right_password = await sign_in_raw(api, user.username)
    assert (right_password.status_code, right_password.json()["code"]) == (429, "account_locked")

    listed = await api.get(f"{API}/auth/admin/users", params={"q": user.username}, headers=admin.auth)
    assert listed.json()["data"][0]["locked_until"]
    unlocked = await api.post(f"{API}/auth/admin/users/{user.user_id}/unlock", headers=admin.auth)
    assert unlocked.status_code == 200 and unlocked.json()["locked_until"] is None
    assert (await sign_in_raw(api, user.username)).status_code == 200


async def test_lockout_does_not_reveal_whether_a_username_exists(api: httpx.AsyncClient, user: Session) -> None:
    real = await fail_sign_in(api, user.username, 6)
    ghost = await fail_sign_in(api, unique("nobody"), 6)

    def shape(answers: list[httpx.Response]) -> list[tuple[int, str]]:
        return [(a.status_code, a.json()["code"]) for a in answers]

    assert shape(real) == shape(ghost)
    assert real[0].json()["detail"] == ghost[0].json()["detail"] == "Incorrect username or password."


async def test_success_resets_the_failure_count(api: httpx.AsyncClient, user: Session) -> None:
    await fail_sign_in(api, user.username, 4)
    assert (await sign_in_raw(api, user.username)).status_code == 200
    assert [a.status_code for a in await fail_sign_in(api, user.username, 4)] == [401] * 4


async def test_password_policy_lists_every_failing_rule_and_stores_nothing(api: httpx.AsyncClient) -> None:
    name = unique("policy").translate(str.maketrans("0123456789", "ghijklmnop"))  # letters only
    weak = await api.post(f"{API}/register", json={"username": name, "password": name})
    assert weak.status_code == 422
    messages = " ".join(e["msg"] for e in weak.json()["errors"])
    for rule in ("upper-case", "digit", "special", "username"):
        assert rule in messages, rule
    assert (await sign_in_raw(api, name, name)).status_code == 401
    assert (await api.post(f"{API}/register", json={"username": name, "password": PASSWORD})).status_code == 201


async def test_mfa_user_needs_a_code_and_a_code_works_once(api: httpx.AsyncClient, user: Session) -> None:
    setup = await enrol_mfa(api, user)
    assert str(setup["totp_uri"]).startswith("otpauth://totp/") and str(setup["qr_code"]).startswith(
        "data:image/png;base64,"
    )
    assert len(setup["backup_codes"]) == 10  # type: ignore[arg-type]
    me = await api.get(f"{API}/users/me", headers=user.auth)
    assert me.json()["mfa_enabled"] is True

    password_only = await sign_in_raw(api, user.username)
    assert (password_only.status_code, password_only.json()["code"]) == (401, "mfa_required")
    code = totp_code(str(setup["secret"]), 1)
    with_code = await sign_in_raw(api, user.username, otp=code)
    assert with_code.status_code == 200, with_code.text
    replay = await sign_in_raw(api, user.username, otp=code)
    assert (replay.status_code, replay.json()["code"]) == (401, "invalid_mfa_code")

    backup = setup["backup_codes"][0]  # type: ignore[index]
    assert (await sign_in_raw(api, user.username, backup_code=backup)).status_code == 200
    assert (await sign_in_raw(api, user.username, backup_code=backup)).status_code == 401


async def test_mfa_disable_and_backup_codes_need_a_valid_code(api: httpx.AsyncClient, user: Session) -> None:
    setup = await enrol_mfa(api, user)
    refused = await api.post(f"{API}/auth/mfa/disable", json={"code": "000000"}, headers=user.auth)
    assert (refused.status_code, refused.json()["code"]) == (422, "invalid_mfa_code")
    fresh = await api.post(
        f"{API}/auth/mfa/backup-codes", json={"code": totp_code(str(setup["secret"]), 1)}, headers=user.auth
    )
    assert fresh.status_code == 200 and len(fresh.json()["backup_codes"]) == 10
    old_code = setup["backup_codes"][0]  # type: ignore[index]
    assert (await sign_in_raw(api, user.username, backup_code=old_code)).status_code == 401
    off = await api.post(f"{API}/auth/mfa/disable", json={"code": fresh.json()["backup_codes"][0]}, headers=user.auth)
    assert off.status_code == 200 and off.json()["mfa_enabled"] is False
    assert (await sign_in_raw(api, user.username)).status_code == 200


async def test_mfa_setup_twice_is_refused_once_enabled(api: httpx.AsyncClient, user: Session) -> None:
    await enrol_mfa(api, user)
    again = await api.post(f"{API}/auth/mfa/setup", headers=user.auth)
    assert (again.status_code, again.json()["code"]) == (409, "mfa_already_enabled")
