"""Pure rules of the authorization-code grant: which redirect URIs may be registered, the S256
check (RFC 7636 appendix B's example) and how the app's redirect URI gets its parameters."""

from __future__ import annotations

from rr_auth.oauth.domain import redirect_uri_problem, s256, verifier_matches, with_query

RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_s256_matches_the_rfc_example() -> None:
    assert s256(RFC_VERIFIER) == RFC_CHALLENGE
    assert verifier_matches(RFC_VERIFIER, RFC_CHALLENGE)


def test_a_wrong_short_or_plain_verifier_does_not_match() -> None:
    assert not verifier_matches(RFC_VERIFIER[:-1] + "x", RFC_CHALLENGE)
    assert not verifier_matches("short", s256("short"))  # under 43 characters
    assert not verifier_matches(RFC_CHALLENGE, RFC_CHALLENGE)  # the "plain" method: verifier == challenge


def test_only_https_or_loopback_http_without_fragment_may_be_registered() -> None:
    assert redirect_uri_problem("https://app.example.com/cb") == ""
    assert redirect_uri_problem("http://127.0.0.1:8765/cb") == ""
    assert redirect_uri_problem("http://localhost/cb") == ""
    assert "https" in redirect_uri_problem("http://app.example.com/cb")
    assert "https" in redirect_uri_problem("javascript:alert(1)")
    assert "fragment" in redirect_uri_problem("https://app.example.com/cb#x")
    assert redirect_uri_problem("https://app.example.com/a b") != ""
    assert redirect_uri_problem("") != ""


def test_parameters_join_the_registered_query_and_empty_ones_are_left_out() -> None:
    assert (
        with_query("https://app.example.com/cb?tenant=7", code="abc", state="")
        == "https://app.example.com/cb?tenant=7&code=abc"
    )
    assert with_query("https://app.example.com/cb", error="access_denied", state="a b&c") == (
        "https://app.example.com/cb?error=access_denied&state=a+b%26c"
    )
