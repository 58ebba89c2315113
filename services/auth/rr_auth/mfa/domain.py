"""TOTP (RFC 6238, via pyotp) and backup codes: pure functions, no I/O."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno

STEP_SECONDS = 30
# Crockford-style alphabet: no 0/O or 1/I/L to misread when typing a code from paper.
_BACKUP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_BACKUP_LENGTH = 12


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_codes(uri: str) -> tuple[str, str]:
    """The QR code of `uri` as PNG and SVG data: URIs (pure Python, no imaging library)."""
    qr = segno.make(uri, error="m")
    return qr.png_data_uri(scale=5, border=2), qr.svg_data_uri(scale=4, border=2)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret: str, code: str, window: int, now: float | None = None) -> int | None:
    """The time step `code` belongs to within +-`window` steps of now, or None. The caller stores
    it and accepts only later steps, so a code is never good twice."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now_step = current_step(now)
    found = None
    for step in range(now_step - window, now_step + window + 1):
        # Compare every candidate (constant work whichever matches).
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            found = step
    return found


def new_backup_codes(count: int) -> list[str]:
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_BACKUP_ALPHABET) for _ in range(_BACKUP_LENGTH))
        codes.append("-".join(raw[i : i + 4] for i in range(0, _BACKUP_LENGTH, 4)))
    return codes


def normalize_backup_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def looks_like_backup_code(code: str) -> bool:
    return len(normalize_backup_code(code)) == _BACKUP_LENGTH


def hash_backup_code(user_id: int, code: str) -> str:
    """Salted with the user id: equal codes of two users hash differently."""
    return hashlib.sha256(f"{user_id}:{normalize_backup_code(code)}".encode()).hexdigest()
