"""TOTP enrolment and second-factor checks. A TOTP code is accepted once (its time step is
recorded); a backup code once (marked used). Wrong codes count towards the lockout. The secret is
stored sealed (mfa/sealing.py); only the enrolment answer carries it in the clear."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.accounts.lookup import current_user
from rr_auth.accounts.repository import UserRepository
from rr_auth.errors import (
    InvalidMfaCodeInput,
    MfaAlreadyEnabled,
    MfaCodeRequired,
    MfaNotEnabled,
    MfaNotSetUp,
    MfaSecretUnreadable,
)
from rr_auth.lockout.service import Lockout
from rr_auth.mfa import domain as totp
from rr_auth.mfa.repository import BackupCodeRepository
from rr_auth.mfa.sealing import reveal
from rr_auth.mfa.secret_box import SecretBox, UnreadableSecret
from rr_auth.models import User
from rr_common.context import Principal
from rr_common.timeconv import utcnow


@dataclass(frozen=True)
class MfaEnrolment:
    secret: str
    totp_uri: str
    qr_code_png: str
    qr_code_svg: str
    backup_codes: list[str]


class MfaCodes:
    """Checks a second factor: a current TOTP code or an unused backup code."""

    def __init__(self, valid_window: int, box: SecretBox) -> None:
        self.valid_window = valid_window
        self.box = box

    async def accept(self, session: AsyncSession, user: User, code: str, *, totp_only: bool = False) -> bool:
        if not user.mfa_secret:
            return False
        if not totp_only and totp.looks_like_backup_code(code):
            return await BackupCodeRepository(session).consume(user.id, totp.hash_backup_code(user.id, code), utcnow())
        # Backup codes above need no secret: they still work if the key was lost.
        try:
            secret = reveal(self.box, user.mfa_secret)
        except UnreadableSecret:
            raise MfaSecretUnreadable(
                "Your authenticator enrolment cannot be read on the server; sign in with a backup code, "
                "or ask an administrator to reset two-factor authentication.",
            ) from None
        step = totp.matching_step(secret, code, self.valid_window)
        return step is not None and await UserRepository(session).claim_totp_step(user.id, step)


class MfaService:
    def __init__(self, codes: MfaCodes, lockout: Lockout, issuer_name: str, backup_code_count: int) -> None:
        self.codes = codes
        self.lockout = lockout
        self.issuer_name = issuer_name
        self.backup_code_count = backup_code_count

    async def setup(self, session: AsyncSession, principal: Principal) -> MfaEnrolment:
        user = await current_user(session, principal)
        if user.mfa_enabled:
            raise MfaAlreadyEnabled("Two-factor authentication is already on; disable it first to enrol again.")
        # A pending secret (not yet verified) is simply replaced.
        secret = totp.new_secret()
        user.mfa_secret = self.codes.box.seal(secret)  # the box that opens it to check codes
        user.mfa_last_step = None
        codes = await self._new_backup_codes(session, user)
        uri = totp.provisioning_uri(secret, user.email or user.username, self.issuer_name)
        png, svg = totp.qr_codes(uri)
        return MfaEnrolment(secret, uri, png, svg, codes)

    async def verify(self, session: AsyncSession, principal: Principal, code: str) -> None:
        user = await current_user(session, principal)
        if user.mfa_enabled:
            raise MfaAlreadyEnabled("Two-factor authentication is already on.")
        if not user.mfa_secret:
            raise MfaNotSetUp("Start with POST /auth/mfa/setup, then verify a code from your app.")
        await self._require_code(session, user, code, totp_only=True)
        user.mfa_enabled = True
        await session.flush()

    async def disable(self, session: AsyncSession, principal: Principal, code: str) -> None:
        user = await self._enabled_user(session, principal)
        await self._require_code(session, user, code)
        user.mfa_enabled = False
        user.mfa_secret = None
        user.mfa_last_step = None
        await BackupCodeRepository(session).delete_all(user.id)
        await session.flush()

    async def regenerate_backup_codes(self, session: AsyncSession, principal: Principal, code: str) -> list[str]:
        user = await self._enabled_user(session, principal)
        await self._require_code(session, user, code)
        return await self._new_backup_codes(session, user)

    async def _enabled_user(self, session: AsyncSession, principal: Principal) -> User:
        user = await current_user(session, principal)
        if not user.mfa_enabled:
            raise MfaNotEnabled("Two-factor authentication is not on for this account.")
        return user

    async def _require_code(self, session: AsyncSession, user: User, code: str, *, totp_only: bool = False) -> None:
        if not code.strip():
            raise MfaCodeRequired("Send the current code from your authenticator app as 'code'.")
        await self.lockout.ensure_not_locked(session, user.username)
        if not await self.codes.accept(session, user, code, totp_only=totp_only):
            await self.lockout.record_failure(session, user.username, user)
            raise InvalidMfaCodeInput(
                "The authentication code is not valid or was already used; use the next code from your app.",
                keep_changes=True,
            )

    async def _new_backup_codes(self, session: AsyncSession, user: User) -> list[str]:
        codes = totp.new_backup_codes(self.backup_code_count)
        await BackupCodeRepository(session).replace(user.id, [totp.hash_backup_code(user.id, c) for c in codes])
        return codes
