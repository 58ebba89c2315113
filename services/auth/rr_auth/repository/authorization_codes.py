"""Authorization codes (stored as hashes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.models import AuthorizationCode


class AuthorizationCodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, code: AuthorizationCode) -> None:
        self.session.add(code)
        await self.session.flush()

    async def by_hash_for_update(self, code_hash: str) -> AuthorizationCode | None:
        return await self.session.scalar(
            select(AuthorizationCode).where(AuthorizationCode.code_hash == code_hash).with_for_update()
        )

    async def delete_expired_before(self, cutoff: datetime) -> None:
        # Expired codes are kept a while so that a late replay still ends the session it opened.
        await self.session.execute(delete(AuthorizationCode).where(AuthorizationCode.expires_at < cutoff))
