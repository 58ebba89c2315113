"""Administration through the gateway: roles (and the permissions they put in tokens), user
management (a deactivation takes effect at once), OAuth2 clients and the client-credentials
grant; users get 403 on all of it."""

from __future__ import annotations

import base64

import httpx
from jose import jwt

from rr_devstack.stack import Stack
from tests.e2e.support_auth import (
    API,
    PASSWORD,
    Session,
    new_client,
    sign_in,
    sign_in_raw,
    sign_up_and_in,
    unique,
    user_roles,
)
from tests.e2e.support_notify import eventually, gateway_replica, signed_in_socket


async def test_roles_list_create_assign_and_my_roles(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    roles = await api.get(f"{API}/auth/roles/", headers=user.auth)
    assert {"admin", "manager", "user"} <= {r["name"] for r in roles.json()}
    assert (await api.get(f"{API}/auth/roles", headers=user.auth)).status_code == 200  # without the slash too

    name = unique("auditor").lower()
    created = await api.post(
        f"{API}/auth/roles/",
        json={"name": name, "description": "Audit", "permissions": ["audit:read"]},
        headers=admin.auth,
    )
    assert created.status_code == 201 and created.json()["permissions"] == ["audit:read"]
    assigned = await api.post(
        f"{API}/auth/roles/assign", json={"username": user.username, "role_name": name}, headers=admin.auth
    )
    assert assigned.status_code == 200 and name in assigned.json()["user"]["roles"]

    fresh = await sign_in(api, user.username, user.user_id)
    assert "audit:read" in jwt.get_unverified_claims(fresh.token)["scope"].split()
    mine = await api.get(f"{API}/auth/roles/my-roles", headers=fresh.auth)
    assert sorted(r["name"] for r in mine.json()) == sorted([name, "user"])

    removed = await api.request(
        "DELETE", f"{API}/auth/roles/assign", json={"user_id": user.user_id, "role_name": name}, headers=admin.auth
    )
    assert removed.status_code == 200 and await user_roles(api, fresh) == ["user"]


async def test_manager_role_lets_a_user_manage_resources(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    denied = await api.post(f"{API}/resources", json={"name": unique("Room ")}, headers=user.auth)
    assert denied.status_code == 403
    await api.post(
        f"{API}/auth/roles/assign", json={"user_id": user.user_id, "role_name": "manager"}, headers=admin.auth
    )
    manager = await sign_in(api, user.username, user.user_id)
    allowed = await api.post(f"{API}/resources", json={"name": unique("Room ")}, headers=manager.auth)
    assert allowed.status_code == 201, allowed.text


async def test_user_tokens_get_403_on_every_admin_route(api: httpx.AsyncClient, user: Session) -> None:
    calls = [
        ("POST", "/auth/roles/", {"name": "sneaky", "permissions": ["users:manage"]}),
        ("POST", "/auth/roles/assign", {"user_id": user.user_id, "role_name": "admin"}),
        ("GET", "/auth/admin/users", None),
        ("POST", "/auth/admin/reset-password", {"user_id": user.user_id, "new_password": "Taken-Over-123"}),
        ("POST", f"/auth/admin/users/{user.user_id}/deactivate", None),
        ("POST", "/oauth/clients", {"client_name": "mine", "scope": "users:manage"}),
        ("GET", "/oauth/clients", None),
    ]
    for method, path, body in calls:
        answer = await api.request(method, f"{API}{path}", json=body, headers=user.auth)
        assert answer.status_code == 403, f"{method} {path}: {answer.status_code}"
        assert answer.json()["detail"]
    assert await user_roles(api, user) == ["user"]


async def test_admin_lists_searches_and_pages_users(api: httpx.AsyncClient, admin: Session) -> None:
    tag = unique("crowd")
    for _ in range(3):
        assert (
            await api.post(f"{API}/register", json={"username": f"{tag}{unique('_')}", "password": PASSWORD})
        ).status_code == 201
    first = (await api.get(f"{API}/auth/admin/users", params={"q": tag, "limit": 2}, headers=admin.auth)).json()
    assert (len(first["data"]), first["has_more"], first["total_count"]) == (2, True, 3)
    rest = (
        await api.get(
            f"{API}/auth/admin/users", params={"q": tag, "limit": 2, "cursor": first["next_cursor"]}, headers=admin.auth
        )
    ).json()
    assert len(rest["data"]) == 1 and rest["has_more"] is False
    bad = await api.get(f"{API}/auth/admin/users", params={"limit": 500}, headers=admin.auth)
    assert bad.status_code == 422


async def test_deactivated_user_is_refused_at_refresh_and_by_auth(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    done = await api.post(f"{API}/auth/admin/users/{user.user_id}/deactivate", headers=admin.auth)
    assert done.status_code == 200 and done.json()["is_active"] is False
    refresh = await api.post(f"{API}/token/refresh", json={"refresh_token": user.refresh_token})
    assert refresh.status_code == 401
    me = await api.get(f"{API}/users/me", headers=user.auth)
    assert (me.status_code, me.json()["code"]) == (403, "account_inactive")
    assert (await sign_in_raw(api, user.username)).status_code == 403
    back = await api.post(f"{API}/auth/admin/users/{user.user_id}/activate", headers=admin.auth)
    assert back.json()["is_active"] is True and (await sign_in_raw(api, user.username)).status_code == 200


async def test_admin_resets_a_password(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    reset = await api.post(
        f"{API}/auth/admin/reset-password",
        json={"username": user.username, "new_password": "Admin-Set-Pass-1"},
        headers=admin.auth,
    )
    assert reset.status_code == 200, reset.text
    assert (await sign_in_raw(api, user.username)).status_code == 401
    assert (await sign_in_raw(api, user.username, "Admin-Set-Pass-1")).status_code == 200
    unknown = await api.post(
        f"{API}/auth/admin/reset-password",
        json={"user_id": 987654321, "new_password": "Admin-Set-Pass-1"},
        headers=admin.auth,
    )
    assert unknown.status_code == 404


async def test_oauth_client_credentials_grant_and_revocation(api: httpx.AsyncClient, admin: Session) -> None:
    client = await new_client(api, admin, scope="users:read reservations:manage")
    assert client["client_secret"] and client["client_id"].startswith("rrc_")
    form = await api.post(
        f"{API}/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
        },
    )
    assert form.status_code == 200, form.text
    body = form.json()
    assert "refresh_token" not in body and set(body["scope"].split()) == {"users:read", "reservations:manage"}
    claims = jwt.get_unverified_claims(body["access_token"])
    assert claims["sub"] == f"client:{client['client_id']}" and claims["roles"] == []

    basic = base64.b64encode(f"{client['client_id']}:{client['client_secret']}".encode()).decode()
    narrow = await api.post(
        f"{API}/token",
        data={"grant_type": "client_credentials", "scope": "users:read"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert narrow.status_code == 200 and narrow.json()["scope"] == "users:read"
    # A service token is not a user: no /users/me, no admin routes.
    service = {"Authorization": f"Bearer {body['access_token']}"}
    assert (await api.get(f"{API}/users/me", headers=service)).status_code == 403
    assert (await api.get(f"{API}/auth/admin/users", headers=service)).status_code == 403

    listed = (await api.get(f"{API}/oauth/clients", headers=admin.auth)).json()
    assert client["client_id"] in [c["client_id"] for c in listed["data"]]
    assert "client_secret" not in listed["data"][0]
    gone = await api.delete(f"{API}/oauth/clients/{client['client_id']}", headers=admin.auth)
    assert gone.status_code == 200 and gone.json()["client"]["revoked_at"]
    again = await api.post(
        f"{API}/token",
        data={
            "grant_type": "client_credentials",
            "client_id": client["client_id"],
            "client_secret": client["client_secret"],
        },
    )
    assert (again.status_code, again.json()["code"]) == (401, "invalid_client")
    assert (await api.delete(f"{API}/oauth/clients/rrc_nosuch", headers=admin.auth)).status_code == 404


async def test_oauth_revoke_ends_a_refresh_token_session(api: httpx.AsyncClient) -> None:
    who = await sign_up_and_in(api, "revoker")
    # Revoking an access token ends the session it belongs to (its refresh token stops working).
    by_access = await sign_in(api, who.username, who.user_id)
    access_token = await api.post(f"{API}/oauth/revoke", data={"token": by_access.token}, headers=who.auth)
    assert access_token.json() == {"message": "Token revoked.", "revoked": True}
    assert (await api.post(f"{API}/token/refresh", json={"refresh_token": by_access.refresh_token})).status_code == 401
    revoked = await api.post(
        f"{API}/oauth/revoke", data={"token": who.refresh_token, "token_type_hint": "refresh_token"}, headers=who.auth
    )
    assert revoked.json() == {"message": "Token revoked.", "revoked": True}
    assert (await api.post(f"{API}/token/refresh", json={"refresh_token": who.refresh_token})).status_code == 401
    unknown = await api.post(f"{API}/oauth/revoke", data={"token": "no-such-token"}, headers=who.auth)
    assert unknown.status_code == 200 and unknown.json()["revoked"] is False


async def test_bad_client_requests_are_clear_4xx(api: httpx.AsyncClient, admin: Session) -> None:
    unknown_scope = await api.post(
        f"{API}/oauth/clients", json={"client_name": "x", "scope": "everything"}, headers=admin.auth
    )
    assert unknown_scope.status_code == 422 and "everything" in str(unknown_scope.json()["detail"])
    other_grant = await api.post(
        f"{API}/oauth/clients", json={"client_name": "x", "grant_types": "authorization_code"}, headers=admin.auth
    )
    assert other_grant.status_code == 422
    no_secret = await api.post(f"{API}/token", data={"grant_type": "client_credentials", "client_id": "rrc_x"})
    assert (no_secret.status_code, no_secret.json()["code"]) == (401, "invalid_client")
    odd_grant = await api.post(f"{API}/token", data={"grant_type": "implicit"})
    assert (odd_grant.status_code, odd_grant.json()["code"]) == (422, "unsupported_grant_type")
    listed = (await api.get(f"{API}/oauth/clients", headers=admin.auth)).json()
    assert "x" not in [c["client_name"] for c in listed["data"]]


async def test_deactivation_withdraws_tokens_and_sockets_on_every_gateway_at_once(
    api: httpx.AsyncClient, admin: Session, rr_stack: Stack
) -> None:
    victim = await sign_up_and_in(api, "gone")
    mine = f"{API}/reservations/my"  # booking's route: auth is not asked, only the gateway can refuse
    assert (await api.get(mine, headers=victim.auth)).status_code == 200

    async def refused(client: httpx.AsyncClient) -> bool:
        answer = await client.get(mine, headers=victim.auth)
        return (answer.status_code, answer.json().get("code")) == (403, "account_inactive")

    async with signed_in_socket(rr_stack.gateway_url, victim) as socket:
        done = await api.post(f"{API}/auth/admin/users/{victim.user_id}/deactivate", headers=admin.auth)
        assert done.status_code == 200, done.text
        code, reason = await socket.wait_closed(timeout=10)
        assert code == 4401 and "deactivated" in reason
    await eventually(lambda: refused(api), timeout=10)
    # A gateway that starts after the deactivation learns of it from auth's stream.
    async with gateway_replica(rr_stack) as late, httpx.AsyncClient(base_url=late, timeout=15) as other:
        await eventually(lambda: refused(other), timeout=15)
    back = await api.post(f"{API}/auth/admin/users/{victim.user_id}/activate", headers=admin.auth)
    assert back.status_code == 200
    await eventually(lambda: _allowed(api, mine, victim), timeout=10)


async def _allowed(api: httpx.AsyncClient, path: str, who: Session) -> bool:
    return (await api.get(path, headers=who.auth)).status_code == 200
