"""OAuth2 clients and authorization codes (stored as hashes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth.models import AuthorizationCode, OAuthClient


class ClientRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, client: OAuthClient) -> OAuthClient:
        self.session.add(client)
        await self.session.flush()
        return client

    async def upsert(self, client_id: str, name: str, secret_hash: str, scopes: Sequence[str]) -> OAuthClient:
        values = {"name": name, "secret_hash": secret_hash, "scopes": list(scopes)}
        stmt = (
            insert(OAuthClient)
            .values(client_id=client_id, **values)
            .on_conflict_do_update(index_elements=[OAuthClient.client_id], set_=values)
            .returning(OAuthClient)
        )
        client: OAuthClient = (await self.session.scalars(stmt, execution_options={"populate_existing": True})).one()
        return client

    async def by_client_id(self, client_id: str) -> OAuthClient | None:
        return await self.session.scalar(select(OAuthClient).where(OAuthClient.client_id == client_id))

    async def page(
        self, after_id: int, limit: int, include_revoked: bool, backward: bool = False
    ) -> Sequence[OAuthClient]:
        """Up to `limit + 1` clients after `after_id` in id order; backward, those before it, latest first."""
        stmt = select(OAuthClient).where(OAuthClient.id < after_id if backward else OAuthClient.id > after_id)
        if not include_revoked:
            stmt = stmt.where(OAuthClient.revoked_at.is_(None))
        return (
            await self.session.scalars(
                stmt.order_by(OAuthClient.id.desc() if backward else OAuthClient.id).limit(limit + 1)
            )
        ).all()

    async def touch(self, client_id: int, now: datetime) -> None:
        await self.session.execute(update(OAuthClient).where(OAuthClient.id == client_id).values(last_used_at=now))


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
