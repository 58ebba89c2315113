"""Third-party apps through the gateway: the authorization-code grant with PKCE (S256), the
consent answer, single-use codes, token introspection (RFC 7662) and revocation (RFC 7009)."""

from __future__ import annotations

import hashlib

import asyncpg
import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_auth import API
from tests.e2e.support_oauth import REDIRECT, authorize_params, consent, exchange, introspect, new_app, pkce, query_of

pytestmark = pytest.mark.e2e


async def _code_for(api: httpx.AsyncClient, who: Session, app: dict[str, str]) -> tuple[str, str]:
    pair = pkce()
    params = authorize_params(app, pair)
    back = await consent(api, who, params)
    assert back["state"] == params["state"]
    return back["code"], pair.verifier


async def test_the_code_flow_gives_an_app_tokens_that_act_for_the_user(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    app = await new_app(api, admin, public=True)
    assert app["client_secret"] == "" and app["grant_types"] == "authorization_code refresh_token"
    pair = pkce()
    params = authorize_params(app, pair)
    started = await api.get(f"{API}/oauth/authorize", params=params)
    assert started.status_code == 302
    consent_url = started.headers["location"]
    assert consent_url.startswith("/oauth/consent?") and query_of(consent_url)["client_id"] == app["client_id"]

    shown = await api.get(f"{API}/oauth/authorize/details", params=params, headers=user.auth)
    assert (
        shown.status_code == 200 and shown.json()["client_name"] == app["client_name"] and "error" not in shown.json()
    )

    back = await consent(api, user, params)
    assert back["state"] == params["state"] and back["code"]
    tokens = await exchange(api, app, back["code"], pair.verifier)
    assert tokens.status_code == 200, tokens.text
    body = tokens.json()
    me = await api.get(f"{API}/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["username"] == user.username
    # The app's refresh token rotates like the user's own.
    again = await api.post(f"{API}/token", data={"grant_type": "refresh_token", "refresh_token": body["refresh_token"]})
    assert again.status_code == 200, again.text


async def test_an_admins_app_token_carries_only_the_granted_scopes(api: httpx.AsyncClient, admin: Session) -> None:
    app = await new_app(api, admin, scope="audit:read users:read")
    pair = pkce()
    back = await consent(api, admin, authorize_params(app, pair, scope="users:read"))
    body = (await exchange(api, app, back["code"], pair.verifier)).json()
    assert body["scope"] == "users:read"
    app_auth = {"Authorization": f"Bearer {body['access_token']}"}
    # The admin's own token reads the audit log; the app's token for the admin does not.
    assert (await api.get(f"{API}/audit/logs", headers=admin.auth)).status_code == 200
    assert (await api.get(f"{API}/audit/logs", headers=app_auth)).status_code == 403
    # Nor can the app consent on the user's behalf with that token.
    more = await api.post(
        f"{API}/oauth/authorize", json={**authorize_params(app, pkce()), "allow": True}, headers=app_auth
    )
    assert (more.status_code, more.json()["code"]) == (403, "user_required")


async def test_a_wrong_verifier_or_redirect_uri_gets_no_tokens(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    app = await new_app(api, admin)
    code, verifier = await _code_for(api, user, app)
    wrong_verifier = await exchange(api, app, code, pkce().verifier)
    assert (wrong_verifier.status_code, wrong_verifier.json()["code"]) == (422, "invalid_grant")
    assert "code_verifier" in wrong_verifier.json()["detail"]
    wrong_redirect = await exchange(api, app, code, verifier, redirect_uri="https://app.example.com/other")
    assert (wrong_redirect.status_code, wrong_redirect.json()["code"]) == (422, "invalid_grant")
    wrong_secret = await exchange(api, {**app, "client_secret": "not-it"}, code, verifier)
    assert (wrong_secret.status_code, wrong_secret.json()["code"]) == (401, "invalid_client")
    # None of the refusals used the code up.
    assert (await exchange(api, app, code, verifier)).status_code == 200


async def test_an_expired_code_is_refused(
    api: httpx.AsyncClient, admin: Session, user: Session, rr_stack: Stack
) -> None:
    app = await new_app(api, admin, public=True)
    code, verifier = await _code_for(api, user, app)
    conn = await asyncpg.connect(rr_stack.infra.database_url_for("auth"))
    try:
        code_hash = hashlib.sha256(code.encode()).hexdigest()
        stored = await conn.fetchval("SELECT count(*) FROM oauth_authorization_codes WHERE code_hash = $1", code_hash)
        assert stored == 1  # kept only as a hash
        assert await conn.fetchval("SELECT count(*) FROM oauth_authorization_codes WHERE code_hash = $1", code) == 0
        # Codes live 60 seconds; age this one instead of waiting.
        await conn.execute(
            "UPDATE oauth_authorization_codes SET expires_at = now() - interval '1 second' WHERE code_hash = $1",
            code_hash,
        )
    finally:
        await conn.close()
    expired = await exchange(api, app, code, verifier)
    assert (expired.status_code, expired.json()["code"]) == (422, "invalid_grant") and "expired" in expired.json()[
        "detail"
    ]


async def test_a_reused_code_is_refused_and_revokes_what_it_gave(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    app = await new_app(api, admin)
    code, verifier = await _code_for(api, user, app)
    first = (await exchange(api, app, code, verifier)).json()
    assert (await introspect(api, app, first["access_token"])).json()["active"] is True
    replay = await exchange(api, app, code, verifier)
    assert (replay.status_code, replay.json()["code"]) == (422, "invalid_grant") and "already used" in replay.json()[
        "detail"
    ]
    assert (await introspect(api, app, first["access_token"])).json() == {"active": False}
    assert (await introspect(api, app, first["refresh_token"])).json() == {"active": False}
    refreshed = await api.post(
        f"{API}/token", data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    )
    assert refreshed.status_code == 401


async def test_plain_pkce_and_bad_requests_go_back_to_the_app_with_an_error(
    api: httpx.AsyncClient, admin: Session
) -> None:
    app = await new_app(api, admin, public=True)
    pair = pkce()
    plain = await api.get(
        f"{API}/oauth/authorize",
        params=authorize_params(app, pair, code_challenge=pair.verifier, code_challenge_method="plain"),
    )
    assert plain.status_code == 302
    location = plain.headers["location"]
    assert location.startswith(REDIRECT + "?")
    assert query_of(location)["error"] == "invalid_request" and "plain" in query_of(location)["error_description"]
    no_pkce = await api.get(
        f"{API}/oauth/authorize", params=authorize_params(app, pair, code_challenge="", code_challenge_method="")
    )
    assert query_of(no_pkce.headers["location"])["error"] == "invalid_request"
    token_type = await api.get(f"{API}/oauth/authorize", params=authorize_params(app, pair, response_type="token"))
    assert query_of(token_type.headers["location"])["error"] == "unsupported_response_type"
    too_much = await api.get(f"{API}/oauth/authorize", params=authorize_params(app, pair, scope="users:manage"))
    back = query_of(too_much.headers["location"])
    assert back["error"] == "invalid_scope" and back["state"].startswith("st-")


async def test_an_unregistered_redirect_or_unknown_client_is_shown_not_redirected(
    api: httpx.AsyncClient, admin: Session
) -> None:
    app = await new_app(api, admin, public=True)
    pair = pkce()
    elsewhere = await api.get(
        f"{API}/oauth/authorize", params=authorize_params(app, pair, redirect_uri="https://evil.example.net/cb")
    )
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (422, "invalid_redirect_uri")
    assert "location" not in elsewhere.headers
    prefix_only = await api.get(
        f"{API}/oauth/authorize", params=authorize_params(app, pair, redirect_uri=REDIRECT + "/more")
    )
    assert prefix_only.status_code == 422
    unknown = await api.get(f"{API}/oauth/authorize", params=authorize_params({**app, "client_id": "rrc_nosuch"}, pair))
    assert (unknown.status_code, unknown.json()["code"]) == (422, "invalid_client")


async def test_deny_sends_access_denied_and_issues_no_code(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    app = await new_app(api, admin, public=True)
    params = authorize_params(app, pkce())
    back = await consent(api, user, params, allow=False)
    assert back == {
        "error": "access_denied",
        "error_description": "The user denied the request.",
        "state": params["state"],
    }


async def test_registering_apps_checks_redirect_uris(api: httpx.AsyncClient, admin: Session) -> None:
    insecure = await api.post(
        f"{API}/oauth/clients",
        json={"client_name": "x", "redirect_uris": ["http://app.example.com/cb"]},
        headers=admin.auth,
    )
    assert insecure.status_code == 422 and "https" in insecure.text
    public_without = await api.post(
        f"{API}/oauth/clients", json={"client_name": "x", "public": True}, headers=admin.auth
    )
    assert public_without.status_code == 422 and "redirect URI" in public_without.text
    loopback = await api.post(
        f"{API}/oauth/clients",
        json={"client_name": "Desktop", "public": True, "redirect_uris": ["http://127.0.0.1:8765/cb"]},
        headers=admin.auth,
    )
    assert loopback.status_code == 201 and loopback.json()["redirect_uris"] == ["http://127.0.0.1:8765/cb"]
    # A public client has no secret, so it can never get a client-credentials token.
    refused = await api.post(
        f"{API}/token",
        data={"grant_type": "client_credentials", "client_id": loopback.json()["client_id"], "client_secret": "x"},
    )
    assert refused.status_code == 401


async def test_introspection_answers_the_owning_client_only(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    app = await new_app(api, admin)
    other = await new_app(api, admin)
    code, verifier = await _code_for(api, user, app)
    tokens = (await exchange(api, app, code, verifier)).json()
    seen = (await introspect(api, app, tokens["access_token"])).json()
    assert seen["active"] is True and seen["sub"] == str(user.user_id) and seen["client_id"] == app["client_id"]
    assert seen["username"] == user.username and seen["token_type"] == "Bearer" and seen["exp"] > seen["iat"]
    refresh = (await introspect(api, app, tokens["refresh_token"])).json()
    assert refresh["active"] is True and refresh["token_type"] == "refresh_token"
    # Another app, the user's own token, and rubbish are all simply inactive.
    assert (await introspect(api, other, tokens["access_token"])).json() == {"active": False}
    assert (await introspect(api, app, user.token)).json() == {"active": False}
    assert (await introspect(api, app, "no-such-token")).json() == {"active": False}
    bad_secret = await introspect(api, {**app, "client_secret": "wrong"}, tokens["access_token"])
    assert (bad_secret.status_code, bad_secret.json()["code"]) == (401, "invalid_client")
    as_user = await api.post(f"{API}/oauth/introspect", data={"token": tokens["access_token"]}, headers=user.auth)
    assert as_user.status_code == 401


async def test_the_owning_client_revokes_and_introspection_then_says_inactive(
    api: httpx.AsyncClient, admin: Session
) -> None:
    app = await new_app(api, admin)
    other = await new_app(api, admin)
    owner = await sign_up_and_in(api, "oauthrev")
    code, verifier = await _code_for(api, owner, app)
    tokens = (await exchange(api, app, code, verifier)).json()
    stranger = await api.post(
        f"{API}/oauth/revoke",
        data={"token": tokens["refresh_token"]},
        auth=(other["client_id"], other["client_secret"]),
    )
    assert stranger.status_code == 200 and stranger.json()["revoked"] is False
    assert (await introspect(api, app, tokens["access_token"])).json()["active"] is True
    revoked = await api.post(
        f"{API}/oauth/revoke",
        data={"token": tokens["access_token"], "token_type_hint": "access_token"},
        auth=(app["client_id"], app["client_secret"]),
    )
    assert revoked.status_code == 200 and revoked.json()["revoked"] is True
    assert (await introspect(api, app, tokens["access_token"])).json() == {"active": False}
    assert (await introspect(api, app, tokens["refresh_token"])).json() == {"active": False}
    # The user's own session is untouched.
    assert (await api.get(f"{API}/users/me", headers=owner.auth)).status_code == 200
    refreshed = await api.post(
        f"{API}/token", data={"grant_type": "refresh_token", "refresh_token": owner.refresh_token}
    )
    assert refreshed.status_code == 200
