"""The gateway's own edge behaviour, without upstreams: client IPs, limits, static files."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from rr_common.testing import TestTokens
from rr_gateway.app import create_app
from rr_gateway.config import Settings
from rr_gateway.ratelimit import RateLimitMiddleware
from rr_gateway.windows import make_windows


def middleware(trusted: str = "") -> RateLimitMiddleware:
    settings = Settings(trusted_proxies=trusted)
    return RateLimitMiddleware(FastAPI(), settings, {}, make_windows(""))


def scope(peer: str, forwarded: str | None = None) -> dict[str, object]:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "http", "client": (peer, 1234), "headers": headers, "path": "/api/v1/resources"}


@pytest.mark.parametrize(
    ("trusted", "peer", "forwarded", "expected"),
    [
        ("", "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # untrusted peer: header ignored
        ("10.0.0.0/8", "10.0.0.5", "1.2.3.4", "1.2.3.4"),  # our proxy: header honoured
        ("10.0.0.0/8", "10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.7", "1.2.3.4"),  # right-most untrusted hop
        ("10.0.0.0/8", "10.0.0.5", "junk", "junk"),
    ],
)
def test_client_ip_honours_forwarded_for_only_from_trusted_proxies(
    trusted: str, peer: str, forwarded: str, expected: str
) -> None:
    assert middleware(trusted).client_ip(scope(peer, forwarded)) == expected  # type: ignore[arg-type]


def _app(tmp_path: Path | None = None, **overrides: object) -> FastAPI:
    static = ""
    if tmp_path is not None:
        (tmp_path / "index.html").write_text("<html>app</html>")
        (tmp_path / "asset.js").write_text("console.log(1)")
        static = str(tmp_path)
    settings = Settings(static_dir=static, **overrides)  # type: ignore[arg-type]
    return create_app(settings, verifier=TestTokens().verifier())


async def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_oversized_body_is_413_with_a_sentence() -> None:
    app = _app(max_body_bytes=2048)
    async with await _client(app) as client:
        answer = await client.post(
            "/api/v1/register", content=b"x" * 5000, headers={"Content-Type": "application/json"}
        )
    assert answer.status_code == 413
    assert "2048 bytes" in answer.json()["detail"]


async def test_anonymous_limit_answers_429_with_retry_after() -> None:
    app = _app(rate_limit_anonymous="2/minute")
    async with await _client(app) as client:
        answers = [await client.get("/api/v1/no-such-route") for _ in range(3)]
    assert [a.status_code for a in answers] == [404, 404, 429]
    assert answers[0].headers["x-ratelimit-limit"] == "2"
    assert answers[1].headers["x-ratelimit-remaining"] == "0"
    assert int(answers[2].headers["retry-after"]) >= 1
    assert answers[2].json()["code"] == "rate_limited"


async def test_spa_fallback_and_no_path_traversal(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with await _client(app) as client:
        assert "app" in (await client.get("/reservations/42")).text  # client-side route
        assert (await client.get("/asset.js")).text == "console.log(1)"
        traversal = await client.get("/..%2f..%2fetc/passwd")
        assert traversal.status_code in (200, 404) and "root:" not in traversal.text
        api_miss = await client.get("/api/v1/nothing-here")
        assert api_miss.status_code == 404 and api_miss.json()["code"] == "not_found"


async def test_a_broken_multipart_body_is_a_422_with_a_sentence() -> None:
    tokens = TestTokens()
    app = create_app(Settings(), verifier=tokens.verifier())
    async with await _client(app) as client:
        answer = await client.post(
            "/api/v1/resources/upload?mode=create",
            headers={
                "Authorization": f"Bearer {tokens.token(1, ('admin',))}",
                "Content-Type": "multipart/form-data; boundary=b0",
            },
            content=b"--b0\r\n-12--b0--\r\n",
        )
    assert answer.status_code == 422
    assert answer.json()["code"] == "malformed_body" and answer.json()["detail"]


async def test_the_web_app_files_do_not_use_up_the_api_budget(tmp_path: Path) -> None:
    app = _app(tmp_path, rate_limit_anonymous="2/minute")
    async with await _client(app) as client:
        assets = [await client.get("/asset.js") for _ in range(5)]
        assert [a.status_code for a in assets] == [200] * 5
        assert "x-ratelimit-limit" not in assets[0].headers
        api = await client.get("/api/versions")
    assert api.status_code == 200 and api.headers["x-ratelimit-remaining"] == "1"


async def test_cors_answers_preflights_for_configured_origins_only() -> None:
    app = _app(cors_origins="https://app.example, https://admin.example")
    async with await _client(app) as client:
        preflight = await client.options(
            "/api/v1/reservations",
            headers={
                "Origin": "https://app.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization,content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://app.example"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        simple = await client.get("/api/versions", headers={"Origin": "https://admin.example"})
        assert simple.headers["access-control-allow-origin"] == "https://admin.example"

        stranger = await client.options(
            "/api/v1/reservations", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        )
        assert stranger.status_code == 400 and "access-control-allow-origin" not in stranger.headers
        read = await client.get("/api/versions", headers={"Origin": "https://evil.example"})
        assert read.status_code == 200 and "access-control-allow-origin" not in read.headers


async def test_without_configured_origins_no_cors_headers_are_sent() -> None:
    async with await _client(_app()) as client:
        answer = await client.get("/api/versions", headers={"Origin": "https://app.example"})
    assert "access-control-allow-origin" not in answer.headers


async def test_hashed_assets_are_cached_for_a_year_and_the_page_is_revalidated(tmp_path: Path) -> None:
    app = _app(tmp_path)
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-3f9a1c.js").write_text("export const app = 1;" * 100)
    async with await _client(app) as client:
        asset = await client.get("/assets/index-3f9a1c.js", headers={"Accept-Encoding": "gzip"})
        assert asset.status_code == 200 and asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["content-encoding"] == "gzip"
        for page in ("/", "/reservations/42"):
            answer = await client.get(page)
            assert answer.status_code == 200 and answer.headers["cache-control"] == "no-cache"
        # A stale asset name from an old release must not get the page (a module that is HTML).
        assert (await client.get("/assets/index-0ld.js")).status_code == 404
