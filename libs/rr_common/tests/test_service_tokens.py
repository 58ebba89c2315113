"""The service-token cache: one fetch for concurrent callers, renewal before expiry, the cached
token kept while auth is briefly unreachable. (Against the real auth service in
services/auth/tests/test_auth_clients.py.)"""

from __future__ import annotations

import asyncio

import pytest

from rr_common.context import bearer_token_var
from rr_common.errors import Unavailable
from rr_common.service_tokens import IssuedToken, ServiceTokenProvider


class FakeAuth:
    """Counts issued tokens; can be switched off."""

    def __init__(self, ttl: float = 900) -> None:
        self.issued = 0
        self.ttl = ttl
        self.down = False

    async def fetch(self) -> IssuedToken:
        await asyncio.sleep(0.01)
        if self.down:
            raise Unavailable("The auth service is unavailable; try again shortly.")
        self.issued += 1
        return IssuedToken(f"token-{self.issued}", self.ttl)


async def test_concurrent_callers_share_one_fetch() -> None:
    auth = FakeAuth()
    provider = ServiceTokenProvider(auth.fetch)
    assert set(await asyncio.gather(*(provider.token() for _ in range(20)))) == {"token-1"}
    assert auth.issued == 1


async def test_renews_margin_seconds_before_expiry() -> None:
    auth, now = FakeAuth(ttl=900), [0.0]
    provider = ServiceTokenProvider(auth.fetch, refresh_margin_seconds=60, clock=lambda: now[0])
    assert await provider.token() == "token-1"
    now[0] = 839
    assert await provider.token() == "token-1"
    now[0] = 841
    assert await provider.token() == "token-2"


async def test_short_lived_tokens_renew_half_way() -> None:
    auth, now = FakeAuth(ttl=60), [0.0]
    provider = ServiceTokenProvider(auth.fetch, refresh_margin_seconds=60, clock=lambda: now[0])
    await provider.token()
    now[0] = 29
    assert await provider.token() == "token-1"
    now[0] = 31
    assert await provider.token() == "token-2"


async def test_auth_down_keeps_the_valid_cached_token_then_fails() -> None:
    auth, now = FakeAuth(ttl=900), [0.0]
    provider = ServiceTokenProvider(auth.fetch, refresh_margin_seconds=60, clock=lambda: now[0])
    await provider.token()
    auth.down, now[0] = True, 850
    assert await provider.token() == "token-1"  # renewal failed, but it is still valid
    now[0] = 901
    with pytest.raises(Unavailable):
        await provider.token()


async def test_acting_puts_the_service_token_in_context_for_outgoing_calls() -> None:
    provider = ServiceTokenProvider(FakeAuth().fetch)
    user_token = bearer_token_var.set("a-user-token")
    try:
        async with provider.acting():
            assert bearer_token_var.get() == "token-1"
        assert bearer_token_var.get() == "a-user-token"
    finally:
        bearer_token_var.reset(user_token)
