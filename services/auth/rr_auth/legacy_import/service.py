"""Creating the old system's accounts as they were: same username, e-mail, roles, activity,
second factor and password hash (bcrypt, re-hashed to argon2id at the first sign-in). Each old
row is recorded with the user it became, so running the import again changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rr.auth.v1 import legacy_import_pb2
from rr.common.v1 import legacy_import_pb2 as common_pb2
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from rr_auth import events
from rr_auth.accounts.domain import EMAIL, USERNAME
from rr_auth.accounts.passwords import is_bcrypt
from rr_auth.accounts.repository import UserRepository
from rr_auth.lockout.repository import username_key
from rr_auth.mfa.secret_box import SecretBox
from rr_auth.models import LoginFailure, Role, User, legacy_import_records
from rr_auth.roles.repository import RoleRepository
from rr_common.legacy_import import ALREADY_THERE, CONFLICT, CREATED, SKIPPED, ImportRecords, row
from rr_common.timeconv import from_timestamp, utcnow

KIND = "user"
# Enough failures to read as locked; the lock itself is `locked_until`.
LOCKED_FAILURES = 1000


class UserImport:
    def __init__(self, box: SecretBox) -> None:
        self.box = box

    async def run(
        self, session: AsyncSession, users: Sequence[legacy_import_pb2.LegacyUser], dry_run: bool, source: str = ""
    ) -> list[common_pb2.ImportedRow]:
        records = ImportRecords(session, legacy_import_records, source)
        await records.lock()
        known = await records.recorded(KIND, (u.old_id for u in users))
        free = await records.keepable_ids(KIND, User.__table__, (u.old_id for u in users if u.old_id not in known))
        answers: list[common_pb2.ImportedRow] = []
        created: dict[str, int] = {}
        # The roles named anywhere in the batch, looked up once (not once per account).
        roles = {
            r.name.lower(): r
            for r in await RoleRepository(session).by_names(sorted({n for u in users for n in u.roles}))
        }
        for legacy in users:
            if legacy.old_id in known:
                answers.append(row(legacy.old_id, known[legacy.old_id], ALREADY_THERE))
                continue
            refusal = await self._refusal(session, legacy)
            if refusal is not None:
                answers.append(refusal)
                continue
            old_numeric = int(legacy.old_id) if legacy.old_id.isdigit() else 0
            new_id = old_numeric if old_numeric in free else None
            if dry_run:
                answers.append(row(legacy.old_id, new_id or 0, CREATED, renumbered=new_id is None))
                continue
            user, missing_roles = await self._create(session, legacy, new_id, roles)
            created[legacy.old_id] = user.id
            detail = f"roles not in this system: {', '.join(missing_roles)}" if missing_roles else ""
            answers.append(row(legacy.old_id, user.id, CREATED, detail, renumbered=user.id != old_numeric))
        if created:
            await records.record(KIND, created)
            await records.advance_sequence(User.__table__)
        return answers

    async def _refusal(
        self, session: AsyncSession, legacy: legacy_import_pb2.LegacyUser
    ) -> common_pb2.ImportedRow | None:
        users = UserRepository(session)
        if not USERNAME.match(legacy.username):
            return row(
                legacy.old_id,
                0,
                SKIPPED,
                f"username {legacy.username!r} is not valid here (3-50 letters, digits, '.', '_' or '-')",
            )
        if not (is_bcrypt(legacy.password_hash) or legacy.password_hash.startswith("$argon2")):
            return row(
                legacy.old_id, 0, SKIPPED, "the password hash is neither bcrypt nor argon2; the user must reset it"
            )
        taken = await session.scalar(select(User.id).where(func.lower(User.username) == legacy.username.lower()))
        if taken is not None:
            return row(
                legacy.old_id,
                taken,
                CONFLICT,
                f"username {legacy.username!r} already belongs to user #{taken}; not merged",
            )
        if legacy.email and await users.email_taken(legacy.email):
            return row(legacy.old_id, 0, CONFLICT, f"e-mail {legacy.email!r} already belongs to another account")
        return None

    async def _create(
        self,
        session: AsyncSession,
        legacy: legacy_import_pb2.LegacyUser,
        new_id: int | None,
        known_roles: dict[str, Role],
    ) -> tuple[User, list[str]]:
        email = legacy.email if legacy.email and EMAIL.match(legacy.email) else None
        user = User(
            username=legacy.username,
            email=email,
            password_hash=legacy.password_hash,  # verified as bcrypt until the first sign-in
            is_active=legacy.is_active,
            mfa_enabled=legacy.mfa_enabled and bool(legacy.mfa_secret),
            mfa_secret=self.box.seal(legacy.mfa_secret) if legacy.mfa_secret else None,
        )
        if new_id is not None:
            user.id = new_id
        if legacy.HasField("created_at"):
            user.created_at = from_timestamp(legacy.created_at)
        user = await UserRepository(session).add(user)
        roles = [known_roles[n.lower()] for n in legacy.roles if n.lower() in known_roles]
        await RoleRepository(session).assign(user.id, [r.id for r in roles], assigned_by=None)
        if legacy.HasField("locked_until"):
            await self._keep_locked(session, legacy.username, from_timestamp(legacy.locked_until))
        # Notify keeps a directory of users (addresses, roles) from this event; it sends nothing.
        await events.user_registered(session, user, sorted(r.name for r in roles))
        return user, [name for name in legacy.roles if name.lower() not in known_roles]

    async def _keep_locked(self, session: AsyncSession, username: str, until: datetime) -> None:
        if until <= utcnow():
            return
        statement = insert(LoginFailure).values(
            username_key=username_key(username),
            failures=LOCKED_FAILURES,
            window_started_at=utcnow(),
            locked_until=until,
        )
        await session.execute(statement.on_conflict_do_nothing())
