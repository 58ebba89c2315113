"""Migrations that move data keep it (roles out of the users.roles column, MFA secrets widened).
That the models agree with the migrated schema is checked for every service in tests/contract."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from alembic import command
from alembic.config import Config

from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import fresh_database


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", "rr_auth:migrations")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def _migrate(url: str, revision: str, downgrade: bool = False) -> None:
    action = command.downgrade if downgrade else command.upgrade
    await asyncio.to_thread(action, _config(url), revision)


async def test_existing_roles_survive_the_move_to_role_tables(rr_infra: Infra) -> None:
    url = fresh_database(rr_infra, "authmig")
    await _migrate(url, "0001")
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            """INSERT INTO users (username, password_hash, roles) VALUES
               ('ann', 'x', ARRAY['admin','user']), ('ben', 'x', ARRAY['user']),
               ('cat', 'x', ARRAY['Auditor','user']), ('dan', 'x', ARRAY[]::varchar[])"""
        )
        await _migrate(url, "head")
        rows = await conn.fetch(
            """SELECT u.username, array_agg(r.name ORDER BY r.name) FILTER (WHERE r.name IS NOT NULL) AS roles
               FROM users u LEFT JOIN user_roles ur ON ur.user_id = u.id LEFT JOIN roles r ON r.id = ur.role_id
               GROUP BY u.username ORDER BY u.username"""
        )
        assert [(r["username"], r["roles"]) for r in rows] == [
            ("ann", ["admin", "user"]),
            ("ben", ["user"]),
            ("cat", ["auditor", "user"]),
            ("dan", None),
        ]
        builtin = await conn.fetch("SELECT name FROM roles WHERE is_builtin ORDER BY name")
        assert [r["name"] for r in builtin] == ["admin", "manager", "user"]

        await _migrate(url, "0001", downgrade=True)
        back = await conn.fetch("SELECT username, roles FROM users ORDER BY username")
        assert [(r["username"], r["roles"]) for r in back][:3] == [
            ("ann", ["admin", "user"]),
            ("ben", ["user"]),
            ("cat", ["auditor", "user"]),
        ]
    finally:
        await conn.close()


async def test_mfa_secret_widens_to_text_and_narrows_back_only_without_sealed_secrets(rr_infra: Infra) -> None:
    url = fresh_database(rr_infra, "authmfa")
    await _migrate(url, "0002")
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "INSERT INTO users (username, password_hash, mfa_secret) VALUES ('ann', 'x', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')"
        )
        await _migrate(url, "head")
        assert (
            await conn.fetchval("SELECT mfa_secret FROM users WHERE username = 'ann'")
            == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        )
        await conn.execute(
            "INSERT INTO users (username, password_hash, mfa_secret) VALUES ('ben', 'x', $1)", "gAAAAA" + "x" * 134
        )

        with pytest.raises(RuntimeError, match=r"1 user\(s\) hold a sealed MFA secret"):
            await _migrate(url, "0002", downgrade=True)
        assert (
            await conn.fetchval(
                "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'mfa_secret'"
            )
            == "text"
        )

        await conn.execute("UPDATE users SET mfa_secret = NULL WHERE username = 'ben'")
        await _migrate(url, "0002", downgrade=True)
        assert (
            await conn.fetchval(
                "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'mfa_secret'"
            )
            == 64
        )
    finally:
        await conn.close()
