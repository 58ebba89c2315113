"""MFA backup codes (single use, stored hashed) and the stored TOTP secrets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.models import MfaBackupCode, User


class BackupCodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def replace(self, user_id: int, code_hashes: list[str]) -> None:
        await self.delete_all(user_id)
        self.session.add_all([MfaBackupCode(user_id=user_id, code_hash=h) for h in code_hashes])
        await self.session.flush()

    async def delete_all(self, user_id: int) -> None:
        await self.session.execute(delete(MfaBackupCode).where(MfaBackupCode.user_id == user_id))

    async def consume(self, user_id: int, code_hash: str, now: datetime) -> bool:
        """Mark an unused code used: atomic, so a code works exactly once even under races."""
        used = await self.session.scalar(
            update(MfaBackupCode)
            .where(
                MfaBackupCode.user_id == user_id, MfaBackupCode.code_hash == code_hash, MfaBackupCode.used_at.is_(None)
            )
            .values(used_at=now)
            .returning(MfaBackupCode.id)
        )
        return used is not None

    async def remaining(self, user_id: int) -> int:
        return int(
            await self.session.scalar(
                select(func.count()).where(MfaBackupCode.user_id == user_id, MfaBackupCode.used_at.is_(None))
            )
            or 0
        )


class StoredSecretRepository:
    """The users.mfa_secret column as stored, for the pass that seals it at start."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def after(self, user_id: int, limit: int) -> list[tuple[int, str]]:
        """Up to `limit` (user id, stored secret) pairs after `user_id`, in id order."""
        rows = await self.session.execute(
            select(User.id, User.mfa_secret)
            .where(User.id > user_id, User.mfa_secret.is_not(None))
            .order_by(User.id)
            .limit(limit)
        )
        return [(row.id, row.mfa_secret) for row in rows]

    async def replace(self, user_id: int, stored: str, sealed: str) -> bool:
        """Swap `stored` for `sealed` unless the row changed since it was read (another replica
        sealed it, or the user re-enrolled or turned MFA off): then the row is left alone."""
        replaced = await self.session.scalar(
            update(User)
            .where(User.id == user_id, User.mfa_secret == stored)
            .values(mfa_secret=sealed)
            .returning(User.id)
        )
        return replaced is not None
