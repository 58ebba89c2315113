"""The box sealing TOTP secrets: round trip, rotation, tampering, and the settings that feed it."""

from __future__ import annotations

import base64
import os
from typing import Any

import pytest
from pydantic import ValidationError

from rr_auth.config import Settings
from rr_auth.mfa import domain as totp
from rr_auth.mfa import secret_box
from rr_auth.mfa.sealing import is_plaintext, reveal
from rr_auth.mfa.secret_box import InvalidSecretKey, SecretBox, UnreadableSecret, generate_key, load_secret_box

PROD = {"environment": "production", "database_url": "postgresql://rr@db.example:5432/rr_auth"}
PEM = "-----BEGIN PRIVATE KEY-----\nstand-in\n-----END PRIVATE KEY-----"


@pytest.fixture(autouse=True)
def _no_auth_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings read RR_AUTH_* from the environment: only the values a test passes count."""
    for name in [n for n in os.environ if n.startswith("RR_AUTH_")]:
        monkeypatch.delenv(name)


class TestBox:
    def test_a_sealed_secret_opens_to_itself_and_does_not_contain_it(self) -> None:
        box = SecretBox(generate_key())
        secret = totp.new_secret()
        token = box.seal(secret)
        assert secret not in token and token != box.seal(secret)  # a fresh IV every time
        assert box.open(token) == secret

    def test_another_key_cannot_open_it(self) -> None:
        token = SecretBox(generate_key()).seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        with pytest.raises(UnreadableSecret, match="RR_AUTH_MFA_SECRET_KEY"):
            SecretBox(generate_key()).open(token)

    def test_a_tampered_token_is_refused(self) -> None:
        box = SecretBox(generate_key())
        raw = bytearray(base64.urlsafe_b64decode(box.seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")))
        raw[-40] ^= 0x01  # one bit of the ciphertext
        with pytest.raises(UnreadableSecret):
            box.open(base64.urlsafe_b64encode(bytes(raw)).decode())
        with pytest.raises(UnreadableSecret):
            box.open("not a token")

    def test_rotation_old_keys_open_the_current_key_seals(self) -> None:
        old, new = generate_key(), generate_key()
        old_token = SecretBox(old).seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        rotated = SecretBox(new, [old])
        assert rotated.open(old_token) == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        assert not rotated.is_current(old_token)
        fresh = rotated.reseal(old_token)
        assert rotated.is_current(fresh) and rotated.is_current(rotated.seal("x"))
        # What the rotated box seals, the new key alone opens; the old key alone does not.
        assert SecretBox(new).open(fresh) == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        with pytest.raises(UnreadableSecret):
            SecretBox(old).open(fresh)
        # Once the old key is dropped, its tokens no longer open.
        with pytest.raises(UnreadableSecret):
            SecretBox(new).open(old_token)

    def test_a_key_that_is_not_a_fernet_key_is_refused_by_name(self) -> None:
        with pytest.raises(InvalidSecretKey, match="RR_AUTH_MFA_SECRET_KEY is not a valid key"):
            SecretBox("too-short")
        with pytest.raises(InvalidSecretKey, match="RR_AUTH_MFA_PREVIOUS_SECRET_KEYS is not a valid key"):
            SecretBox(generate_key(), ["x" * 44])

    def test_without_a_key_an_ephemeral_one_is_used_with_a_warning(self, monkeypatch: pytest.MonkeyPatch) -> None:
        warnings: list[Any] = []
        monkeypatch.setattr(secret_box.log, "warning", lambda event, **kw: warnings.append(event))
        first, second = load_secret_box(""), load_secret_box("  ")
        assert first.open(first.seal("s")) == "s"
        with pytest.raises(UnreadableSecret):
            second.open(first.seal("s"))
        assert len(warnings) == 2 and "will not survive a restart" in warnings[0]
        load_secret_box(generate_key())
        assert len(warnings) == 2

    def test_previous_keys_are_comma_separated(self) -> None:
        a, b, current = generate_key(), generate_key(), generate_key()
        box = load_secret_box(current, f" {a}, {b} ,")
        assert box.open(SecretBox(a).seal("1")) == "1" and box.open(SecretBox(b).seal("2")) == "2"


class TestLegacyPlaintext:
    def test_what_new_secret_makes_is_plaintext_and_a_token_never_is(self) -> None:
        box = SecretBox(generate_key())
        for _ in range(20):
            secret = totp.new_secret()
            assert is_plaintext(secret) and not is_plaintext(box.seal(secret))

    def test_reveal_reads_both(self) -> None:
        box = SecretBox(generate_key())
        secret = totp.new_secret()
        assert reveal(box, secret) == secret == reveal(box, box.seal(secret))
        with pytest.raises(UnreadableSecret):
            reveal(box, SecretBox(generate_key()).seal(secret))


class TestSettings:
    def test_production_without_the_mfa_key_is_refused_by_name(self) -> None:
        with pytest.raises(ValidationError) as info:
            Settings(**PROD, jwt_private_key=PEM)  # type: ignore[arg-type]
        assert "RR_AUTH_MFA_SECRET_KEY is required in production" in str(info.value)
        with pytest.raises(ValidationError) as info:
            Settings(**PROD, jwt_private_key=PEM, mfa_secret_key="   ")  # type: ignore[arg-type]
        assert "RR_AUTH_MFA_SECRET_KEY is required in production" in str(info.value)

    def test_production_without_either_key_names_both(self) -> None:
        with pytest.raises(ValidationError) as info:
            Settings(**PROD)  # type: ignore[arg-type]
        assert "RR_AUTH_JWT_PRIVATE_KEY and RR_AUTH_MFA_SECRET_KEY are required in production" in str(info.value)

    def test_production_with_both_keys_starts(self) -> None:
        settings = Settings(**PROD, jwt_private_key=PEM, mfa_secret_key=generate_key())  # type: ignore[arg-type]
        assert settings.is_production

    def test_outside_production_the_key_may_be_missing(self) -> None:
        assert Settings(environment="development").mfa_secret_key.get_secret_value() == ""  # type: ignore[arg-type]

    def test_an_invalid_key_fails_at_start_by_name(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("RR_AUTH_MFA_SECRET_KEY", "change-me")
        with pytest.raises(ValidationError, match="RR_AUTH_MFA_SECRET_KEY is not a valid key"):
            Settings()
        monkeypatch.setenv("RR_AUTH_MFA_SECRET_KEY", generate_key())
        monkeypatch.setenv("RR_AUTH_MFA_PREVIOUS_SECRET_KEYS", f"{generate_key()},oops")
        with pytest.raises(ValidationError, match="RR_AUTH_MFA_PREVIOUS_SECRET_KEYS is not a valid key"):
            Settings()

    def test_the_key_is_not_shown(self) -> None:
        key = generate_key()
        assert key not in repr(Settings(mfa_secret_key=key))  # type: ignore[arg-type]
