"""Who to write to: the local copy first; users it lacks are fetched from auth in one batch call
(`clients/auth.py`) and remembered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import grpc

from rr_common.db import Database
from rr_common.logs import get_logger
from rr_notify.clients.auth import AuthClient
from rr_notify.directory.repository import DirectoryRepository

log = get_logger("rr.notify.directory")


@dataclass(frozen=True)
class Contact:
    user_id: int
    username: str
    email: str
    is_active: bool


class UserDirectory:
    def __init__(self, db: Database, auth: AuthClient | None = None) -> None:
        self.db = db
        # None: no client credentials for auth, only addresses learnt from its events are used.
        self.auth = auth

    async def contacts(self, user_ids: Iterable[int]) -> dict[int, Contact]:
        wanted = set(user_ids)
        async with self.db.session() as session:
            known = await DirectoryRepository(session).by_ids(wanted)
        found = {u.user_id: Contact(u.user_id, u.username, u.email, u.is_active) for u in known.values() if u.email}
        missing = wanted - found.keys()
        if missing:
            found.update(await self._from_auth(missing))
        return found

    async def _from_auth(self, user_ids: set[int]) -> dict[int, Contact]:
        if self.auth is None:
            return {}
        try:
            users = await self.auth.users(user_ids)
        except (grpc.aio.AioRpcError, OSError) as exc:
            log.warning("auth lookup failed; e-mails wait for a known address", error=str(exc), users=len(user_ids))
            return {}
        async with self.db.session() as session:
            await DirectoryRepository(session).upsert_many(
                [
                    {
                        "user_id": u.id,
                        "username": u.username,
                        "email": u.email,
                        "roles": list(u.roles),
                        "is_active": u.is_active,
                    }
                    for u in users
                ]
            )
        return {u.id: Contact(u.id, u.username, u.email, u.is_active) for u in users if u.email}
