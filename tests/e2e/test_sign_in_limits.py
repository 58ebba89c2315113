"""Sign-in limits as an office sees them: many people behind one address each get their own
budget, one account cannot be hammered, and one address still has a (generous) ceiling."""

from __future__ import annotations

import re

import httpx

from rr_devstack.stack import Stack
from tests.e2e.support import PASSWORD, Session
from tests.e2e.support_notify import gateway_replica

# A gateway of its own with tiny limits (in-process counters), on the same services.
TIGHT = {"RR_GATEWAY_RATE_LIMIT_LOGIN": "2/minute", "RR_GATEWAY_RATE_LIMIT_LOGIN_PER_ADDRESS": "5/minute"}
WAIT = re.compile(r"try again in (1 second|([2-9]|\d{2,}) seconds)\.$")


async def sign_in(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/api/v1/token", data={"username": username, "password": password})


async def test_colleagues_behind_one_address_sign_in_on_their_own_budgets(
    rr_stack: Stack, user: Session, admin: Session
) -> None:
    async with gateway_replica(rr_stack, TIGHT) as base, httpx.AsyncClient(base_url=base, timeout=15) as office:
        first, second = await sign_in(office, user.username), await sign_in(office, user.username.upper())
        assert (first.status_code, second.status_code) == (200, 200), second.text
        assert first.json()["access_token"], "the form still reaches the route after the limiter read it"

        third = await sign_in(office, user.username)
        assert third.status_code == 429, third.text
        assert third.json()["detail"].startswith("Too many sign-in attempts for this account;"), third.json()
        assert WAIT.search(third.json()["detail"]), third.json()["detail"]
        assert int(third.headers["retry-after"]) == third.json()["retry_after"] >= 1

        # A colleague at the same address is not held back by the first one's budget (and a
        # multipart form reaches the route intact too).
        colleague = await office.post(
            "/api/v1/token", files={"username": (None, "admin"), "password": (None, PASSWORD)}
        )
        assert colleague.status_code == 200, colleague.text

        # The address cap (5) still stops a spray of names from one place.
        assert (await sign_in(office, "nobody-in-particular", "wrong")).status_code == 401
        capped = await sign_in(office, "someone-else", "wrong")
        assert capped.status_code == 429, capped.text
        assert capped.json()["detail"].startswith("Too many sign-in attempts from this address;")
        assert WAIT.search(capped.json()["detail"]), capped.json()["detail"]
