"""Pure rules of the authorization-code grant: redirect URIs, PKCE (S256) and redirect URLs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_REDIRECT_URIS = 10
MAX_REDIRECT_URI = 500
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# RFC 7636 section 4.1: 43-128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
PKCE_VALUE = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")


def redirect_uri_problem(uri: str) -> str:
    """Why `uri` cannot be registered ("" when it can): absolute, https (http only on the
    loopback for native apps, RFC 8252), no fragment."""
    if not uri or len(uri) > MAX_REDIRECT_URI or not uri.isprintable() or " " in uri:
        return f"'{uri[:80]}' must be an absolute URI of at most {MAX_REDIRECT_URI} characters without spaces."
    parts = urlsplit(uri)
    if parts.fragment or "#" in uri:
        return f"'{uri[:80]}' must not contain a fragment (#)."
    if parts.scheme == "https" and parts.hostname:
        return ""
    if parts.scheme == "http" and (parts.hostname or "") in LOOPBACK_HOSTS:
        return ""
    return f"'{uri[:80]}' must use https (http only for 127.0.0.1 or localhost)."


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def verifier_matches(verifier: str, challenge: str) -> bool:
    return bool(PKCE_VALUE.match(verifier)) and hmac.compare_digest(s256(verifier), challenge)


def with_query(uri: str, **params: str) -> str:
    """`uri` with `params` added to its query (the registered query is kept, RFC 6749 3.1.2)."""
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True) + [(k, v) for k, v in params.items() if v]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
