"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

import asyncio
import string
from dataclasses import dataclass

import bcrypt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MAX_PASSWORD_LENGTH = 128
# Hashes the old system stored (bcrypt); accounts imported from it keep theirs until their first
# successful sign-in, which replaces it with argon2id (needs_rehash is true for every non-argon2).
BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")


def is_bcrypt(password_hash: str | None) -> bool:
    return bool(password_hash) and str(password_hash).startswith(BCRYPT_PREFIXES)


def _bcrypt_matches(password_hash: str, password: str) -> bool:
    # bcrypt reads at most 72 bytes; the old system hashed what it was given the same way.
    try:
        return bcrypt.checkpw(password.encode()[:72], password_hash.encode())
    except ValueError:
        return False


class Passwords:
    """argon2id hashing off the event loop. Verifying against a dummy hash when the user does not
    exist makes both paths cost the same (no timing oracle for usernames)."""

    def __init__(self, time_cost: int = 2, memory_kib: int = 32 * 1024, parallelism: int = 2) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
        self._dummy_hash = self._hasher.hash("timing-equaliser-not-a-password")

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        def check() -> bool:
            if is_bcrypt(password_hash):
                return _bcrypt_matches(str(password_hash), password)
            try:
                return self._hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return False

        return await asyncio.to_thread(check)

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the stored hash used weaker (older) parameters than today's."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 10
    require_upper: bool = True
    require_lower: bool = True
    require_digit: bool = True
    require_special: bool = True

    def violations(self, password: str, username: str) -> list[str]:
        """Every rule the password breaks, so the user can fix them all at once."""
        problems = []
        if len(password) < self.min_length:
            problems.append(f"Password must be at least {self.min_length} characters long.")
        if len(password) > MAX_PASSWORD_LENGTH:
            problems.append(f"Password must be at most {MAX_PASSWORD_LENGTH} characters long.")
        if self.require_upper and not any(c.isupper() for c in password):
            problems.append("Password must contain an upper-case letter.")
        if self.require_lower and not any(c.islower() for c in password):
            problems.append("Password must contain a lower-case letter.")
        if self.require_digit and not any(c.isdigit() for c in password):
            problems.append("Password must contain a digit.")
        if self.require_special and not any(c in string.punctuation or c.isspace() for c in password):
            problems.append("Password must contain a special character.")
        if username and username.lower() in password.lower():
            problems.append("Password must not contain the username.")
        return problems


def policy_violations(password: str, username: str, min_length: int) -> list[str]:
    """The default policy with a given minimum length."""
    return PasswordPolicy(min_length=min_length).violations(password, username)
