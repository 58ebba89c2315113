"""Hashes of the old system (bcrypt) are accepted until the first sign-in replaces them."""

from __future__ import annotations

import bcrypt

from rr_auth.accounts.passwords import Passwords, is_bcrypt

OLD_PASSWORD = "Old-System-Pass1!"


def old_hash(password: str = OLD_PASSWORD, prefix: bytes = b"2b") -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4, prefix=prefix)).decode()


class TestBcryptFromTheOldSystem:
    async def test_the_old_password_matches_and_nothing_else_does(self) -> None:
        passwords, stored = Passwords(), old_hash()
        assert await passwords.verify(stored, OLD_PASSWORD)
        assert not await passwords.verify(stored, OLD_PASSWORD + "x")
        assert not await passwords.verify(stored, "")

    async def test_every_bcrypt_variant_is_recognised(self) -> None:
        passwords = Passwords()
        stored = old_hash(prefix=b"2a")
        assert is_bcrypt(stored) and await passwords.verify(stored, OLD_PASSWORD)
        assert is_bcrypt(stored.replace("$2a$", "$2y$", 1))

    async def test_a_bcrypt_hash_is_always_replaced(self) -> None:
        passwords = Passwords()
        assert passwords.needs_rehash(old_hash())
        assert not passwords.needs_rehash(await passwords.hash(OLD_PASSWORD))

    async def test_a_damaged_bcrypt_hash_matches_nothing(self) -> None:
        assert not await Passwords().verify("$2b$12$short", OLD_PASSWORD)
