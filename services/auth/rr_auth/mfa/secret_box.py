"""Encryption of small secrets at rest (TOTP seeds): Fernet (AES-128-CBC + HMAC-SHA256) with key
rotation. The current key seals; previous keys still open what they sealed until it is re-sealed."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from rr_common.logs import get_logger

log = get_logger("rr.auth.secret_box")

CURRENT_KEY_ENV = "RR_AUTH_MFA_SECRET_KEY"
PREVIOUS_KEYS_ENV = "RR_AUTH_MFA_PREVIOUS_SECRET_KEYS"
KEY_HINT = (
    "a Fernet key is the url-safe base64 of 32 random bytes, e.g. "
    "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
)


class InvalidSecretKey(ValueError):
    """A configured key is not a Fernet key."""


class UnreadableSecret(ValueError):
    """A stored token was not sealed by any configured key, or was altered."""


def generate_key() -> str:
    return Fernet.generate_key().decode()


def split_keys(keys: str) -> list[str]:
    """Comma-separated keys (the form of RR_AUTH_MFA_PREVIOUS_SECRET_KEYS), blanks ignored."""
    return [key.strip() for key in keys.split(",") if key.strip()]


def _fernet(key: str, source: str) -> Fernet:
    try:
        return Fernet(key.strip().encode())
    except ValueError:  # binascii.Error is a ValueError too
        raise InvalidSecretKey(f"{source} is not a valid key: {KEY_HINT}.") from None


def check_key(key: str, source: str) -> None:
    """Raise InvalidSecretKey, naming `source`, unless `key` is empty or a Fernet key."""
    if key.strip():
        _fernet(key, source)


def check_keys(keys: str, source: str) -> None:
    """Raise InvalidSecretKey, naming `source`, unless every key in `keys` is a Fernet key."""
    for key in split_keys(keys):
        _fernet(key, source)


class SecretBox:
    def __init__(self, current: str, previous: Sequence[str] = ()) -> None:
        self._current = _fernet(current, CURRENT_KEY_ENV)
        self._all = MultiFernet([self._current, *(_fernet(k, PREVIOUS_KEYS_ENV) for k in previous)])

    def seal(self, plain: str) -> str:
        return self._all.encrypt(plain.encode()).decode()

    def open(self, token: str) -> str:
        try:
            return self._all.decrypt(token.encode()).decode()
        except InvalidToken:
            raise UnreadableSecret(
                f"the stored secret was not sealed by {CURRENT_KEY_ENV} or a key in {PREVIOUS_KEYS_ENV}, or it was altered"
            ) from None

    def is_current(self, token: str) -> bool:
        """Sealed with the current key (nothing to re-seal)."""
        try:
            self._current.decrypt(token.encode())
        except InvalidToken:
            return False
        return True

    def reseal(self, token: str) -> str:
        """The same secret sealed with the current key; UnreadableSecret if no key opens it."""
        return self.seal(self.open(token))


def load_secret_box(current: str, previous: str = "") -> SecretBox:
    """The box of auth's settings; outside production (where settings require the key) a missing
    key is replaced by an ephemeral one."""
    if not current.strip():
        log.warning("no RR_AUTH_MFA_SECRET_KEY: using an ephemeral key; MFA enrolments will not survive a restart")
        current = generate_key()
    return SecretBox(current, split_keys(previous))
