"""rr admin clients: register (confidential and public), list, revoke; the secret works once."""

from __future__ import annotations

import httpx

from cli.tests.support import Cli, unique


def test_register_list_and_revoke_clients(admin: Cli, user: Cli, api_url: str) -> None:
    name = unique("Calendar sync ")
    created = admin.json(
        "admin", "clients", "create", name, "--scope", "users:read", "--redirect-uri", "https://cal.example.com/cb"
    )
    assert created["client_secret"] and created["redirect_uris"] == ["https://cal.example.com/cb"]
    assert created["grant_types"] == "client_credentials authorization_code refresh_token"
    # The printed secret really gets a token.
    token = httpx.post(
        f"{api_url}/api/v1/token",
        data={"grant_type": "client_credentials"},
        auth=(created["client_id"], created["client_secret"]),
    )
    assert token.status_code == 200 and token.json()["scope"] == "users:read"

    shown = (
        admin(
            "admin", "clients", "create", unique("Desktop "), "--public", "--redirect-uri", "http://127.0.0.1:8765/cb"
        )
        .ok()
        .out
    )
    assert "Registered client rrc_" in shown and "Secret (shown once)" not in shown
    assert created["client_id"] in admin("admin", "clients", "list", "--all", "--yes").ok().out

    refused = (
        admin("admin", "clients", "create", "Bad", "--redirect-uri", "http://cal.example.com/cb")
        .fails(1)
        .one_error_line()
    )
    assert "https" in refused
    assert "Error: " in user("admin", "clients", "list").fails(1).one_error_line()

    admin("admin", "clients", "revoke", created["client_id"], "--yes").ok()
    listed = admin.json("admin", "clients", "list", "--all", "--yes")["data"]
    assert created["client_id"] not in [c["client_id"] for c in listed]
    revoked = admin.json("admin", "clients", "list", "--include-revoked", "--all", "--yes")["data"]
    assert [c["revoked_at"] for c in revoked if c["client_id"] == created["client_id"]][0]
    again = httpx.post(
        f"{api_url}/api/v1/token",
        data={"grant_type": "client_credentials"},
        auth=(created["client_id"], created["client_secret"]),
    )
    assert again.status_code == 401
