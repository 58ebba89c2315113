"""Pure rules: password policy, hashing cost parity, TOTP steps, backup codes, permissions."""

from __future__ import annotations

import statistics
import time

import pyotp
import pytest

from rr_auth.accounts.passwords import PasswordPolicy, Passwords
from rr_auth.mfa import domain as totp
from rr_auth.roles.domain import BUILTIN_ROLES, PERMISSIONS, has_permission, unknown_permissions
from rr_common.context import Principal


class TestPasswordPolicy:
    def test_every_failing_rule_is_listed(self) -> None:
        problems = PasswordPolicy().violations("alice", "alice")
        assert len(problems) == 5  # length, upper, digit, special, contains the username

    def test_rules_are_configurable(self) -> None:
        relaxed = PasswordPolicy(min_length=8, require_upper=False, require_special=False)
        assert relaxed.violations("lowercase12", "bob") == []
        assert PasswordPolicy().violations("lowercase12", "bob") != []


class TestHashing:
    async def test_unknown_users_cost_as_much_as_wrong_passwords(self) -> None:
        """With the production parameters: the dummy verification hides which usernames exist.
        CPU time of this process, interleaved, so other processes' load does not skew it."""
        passwords = Passwords()
        stored = await passwords.hash("Correct-Horse-9")
        costs: dict[str | None, list[float]] = {stored: [], None: []}
        for _ in range(5):
            for password_hash in (stored, None):
                started = time.process_time()
                assert await passwords.verify(password_hash, "Wrong-Horse-9") is False
                costs[password_hash].append(time.process_time() - started)
        known, unknown = statistics.median(costs[stored]), statistics.median(costs[None])
        assert unknown == pytest.approx(known, rel=0.3)

    async def test_older_weaker_hashes_are_flagged_for_upgrade(self) -> None:
        weak = await Passwords(time_cost=1, memory_kib=8 * 1024, parallelism=1).hash("Correct-Horse-9")
        assert Passwords().needs_rehash(weak)
        assert await Passwords().verify(weak, "Correct-Horse-9")


class TestTotp:
    def test_a_code_matches_its_own_step_within_the_window_only(self) -> None:
        secret, now = totp.new_secret(), 1_900_000_000.0
        code = pyotp.TOTP(secret).at(now)
        step = totp.current_step(now)
        assert totp.matching_step(secret, code, window=1, now=now) == step
        assert totp.matching_step(secret, code, window=1, now=now + 30) == step  # drift tolerated
        assert totp.matching_step(secret, code, window=1, now=now + 90) is None
        assert totp.matching_step(secret, "12ab56", window=1, now=now) is None

    def test_provisioning_uri_and_qr_codes(self) -> None:
        uri = totp.provisioning_uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "alice@example.com", "Resource Reserver")
        assert uri.startswith(
            "otpauth://totp/Resource%20Reserver:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        )
        png, svg = totp.qr_codes(uri)
        assert png.startswith("data:image/png;base64,") and svg.startswith("data:image/svg+xml")

    def test_backup_codes_are_distinct_readable_and_hashed_per_user(self) -> None:
        codes = totp.new_backup_codes(10)
        assert len(set(codes)) == 10 and all(len(c) == 14 and totp.looks_like_backup_code(c) for c in codes)
        assert totp.hash_backup_code(1, codes[0]) == totp.hash_backup_code(1, codes[0].lower().replace("-", " "))
        assert totp.hash_backup_code(1, codes[0]) != totp.hash_backup_code(2, codes[0])


class TestPermissions:
    def test_builtin_roles_only_use_known_permissions(self) -> None:
        for _, (_, granted) in BUILTIN_ROLES.items():
            assert unknown_permissions(granted) == []
        assert set(BUILTIN_ROLES["admin"][1]) == set(PERMISSIONS)

    def test_permissions_come_from_scopes_or_the_admin_role(self) -> None:
        helpdesk = Principal(user_id=3, username="h", scopes=frozenset({"users:manage"}))
        assert has_permission(helpdesk, "users:manage") and not has_permission(helpdesk, "clients:manage")
        assert has_permission(Principal(user_id=1, username="a", roles=frozenset({"admin"})), "clients:manage")


class TestNulGuard:
    def test_finds_nul_in_nested_and_repeated_strings_and_skips_scalars(self) -> None:
        from rr.auth.v1 import admin_pb2, roles_pb2
        from rr.common.v1 import common_pb2

        from rr_auth.guard import field_with_nul

        assert field_with_nul(roles_pb2.AssignRoleRequest(user_id=5, role_name="manager")) is None
        assert field_with_nul(roles_pb2.CreateRoleRequest(name="r", permissions=["a", "b\x00"])) == "permissions"
        nested = admin_pb2.ListUsersRequest(page=common_pb2.PageRequest(limit=3, cursor="x\x00"), is_active=True)
        assert field_with_nul(nested) == "page.cursor"

    def test_every_auth_service_call_is_guarded_including_those_of_handler_mixins(self) -> None:
        from rr.auth.v1 import auth_pb2_grpc

        from rr_auth.rpc import AuthServicer

        calls = [name for name in vars(auth_pb2_grpc.AuthServiceServicer) if name[:1].isupper()]
        assert len(calls) > 10
        assert [name for name in calls if not hasattr(getattr(AuthServicer, name), "__wrapped__")] == []
