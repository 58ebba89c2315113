"""What the documentation's runnable examples assume of the stack: who exists and which ids."""

from __future__ import annotations

import os

import httpx

# The first administrator of docs/getting-started.md: whichever of its script and the docs fixtures runs
# first creates it, and both sign in with it.
ADMIN_PASSWORD = "Sup3r-Secret-42"
# The person of the user guides (docs/getting-started.md signs her up too).
ALICE = ("alice", "Wonder-Land-42")
# The person the administrators' guides act on (a new password, a deactivation): not alice, whose
# sessions the other examples use.
BOB = ("bob", "Sturdy-Hammer-42")


def ensure_example_objects(api: httpx.Client) -> None:
    """The administrator, alice, bob, and resources up to id 3 (the id most guide examples name)."""
    if api.get("/api/v1/setup/status").json()["needs_setup"]:
        created = api.post(
            "/api/v1/setup/initialize",
            json={"username": "admin", "password": ADMIN_PASSWORD, "email": "admin@example.com"},
        )
        assert created.status_code == 201, created.text
    for name, password in (ALICE, BOB):
        made = api.post(
            "/api/v1/register", json={"username": name, "password": password, "email": f"{name}@example.com"}
        )
        assert made.status_code in (201, 409), made.text
    token = api.post("/api/v1/token", data={"username": "admin", "password": ADMIN_PASSWORD}).json()["access_token"]
    while api.get("/api/v1/resources/3").status_code == 404:
        made = api.post(
            "/api/v1/resources",
            json={"name": f"Example room {os.urandom(3).hex()}", "timezone": "Europe/Paris"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert made.status_code == 201, made.text
