"""Helpers for the OAuth2 e2e tests: PKCE pairs, apps with redirect URIs, the consent round trip."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.e2e.support import Session
from tests.e2e.support_auth import API, unique

REDIRECT = "https://app.example.com/callback"


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str


def pkce() -> Pkce:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    return Pkce(verifier, challenge)


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


async def new_app(api: httpx.AsyncClient, admin: Session, *, public: bool = False, scope: str = "") -> dict[str, str]:
    body = {"client_name": unique("App "), "scope": scope, "redirect_uris": [REDIRECT], "public": public}
    created = await api.post(f"{API}/oauth/clients", json=body, headers=admin.auth)
    assert created.status_code == 201, created.text
    answer: dict[str, str] = created.json()
    return answer


def authorize_params(app: dict[str, str], pair: Pkce, **overrides: str) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": app["client_id"],
        "redirect_uri": REDIRECT,
        "scope": app["scope"],
        "state": "st-" + secrets.token_hex(4),
        "code_challenge": pair.challenge,
        "code_challenge_method": "S256",
        **overrides,
    }


async def consent(api: httpx.AsyncClient, who: Session, params: dict[str, str], allow: bool = True) -> dict[str, str]:
    """What the consent screen does on Allow (or Deny): the query of the URL the browser goes to."""
    answer = await api.post(f"{API}/oauth/authorize", json={**params, "allow": allow}, headers=who.auth)
    assert answer.status_code == 200, answer.text
    target = answer.json()["redirect_to"]
    assert target.startswith(params["redirect_uri"] + "?"), target
    return query_of(target)


async def exchange(
    api: httpx.AsyncClient, app: dict[str, str], code: str, verifier: str, redirect_uri: str = REDIRECT
) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": app["client_id"],
        "code_verifier": verifier,
    }
    if app.get("client_secret"):
        form["client_secret"] = app["client_secret"]
    return await api.post(f"{API}/token", data=form)


async def introspect(api: httpx.AsyncClient, app: dict[str, str], token: str) -> httpx.Response:
    return await api.post(
        f"{API}/oauth/introspect", data={"token": token}, auth=(app["client_id"], app["client_secret"])
    )
