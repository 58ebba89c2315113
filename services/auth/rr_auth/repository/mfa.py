"""MFA backup codes (single use, stored hashed)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.models import MfaBackupCode


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
            .where(MfaBackupCode.user_id == user_id, MfaBackupCode.code_hash == code_hash, MfaBackupCode.used_at.is_(None))
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
