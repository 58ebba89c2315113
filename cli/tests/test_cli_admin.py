"""rr admin: users, roles, quotas, webhooks, audit, analytics, cleanup; rr system."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cli.tests.support import PASSWORD, Cli, new_cli, served_or_missing, signed_up, slot, unique


class TestUsers:
    def test_find_lock_unlock_deactivate_activate_and_reset(self, admin: Cli, api_url: str, tmp_path: Path) -> None:
        victim = signed_up(tmp_path, api_url, "victim")
        found = admin.json("admin", "users", "list", "--query", victim.username)["data"]
        assert [u["username"] for u in found] == [victim.username]
        user_id = found[0]["id"]

        stranger = new_cli(tmp_path, api_url)
        for _ in range(5):
            stranger("auth", "login", victim.username, "--password", "Wrong-Pass-1!").fails(1)
        assert admin.json("admin", "users", "list", "--query", victim.username)["data"][0]["locked_until"]
        admin("admin", "users", "unlock", user_id).ok()
        stranger("auth", "login", victim.username, "--password", PASSWORD).ok()

        admin("admin", "users", "deactivate", user_id, "--yes").ok()
        assert (
            "deactivated"
            in stranger("auth", "login", victim.username, "--password", PASSWORD).fails(1).one_error_line()
        )
        assert victim.username not in {
            u["username"] for u in admin.json("admin", "users", "list", "--active", "--all", "--yes")["data"]
        }
        admin("admin", "users", "activate", user_id).ok()

        admin("admin", "users", "reset-password", victim.username, "--password", "Reset-Horse-42!").ok()
        stranger("auth", "login", victim.username, "--password", "Reset-Horse-42!").ok()

    def test_non_admins_are_refused(self, user: Cli) -> None:
        line = user("admin", "users", "list").fails(1).one_error_line()
        assert "Error: " in line and "rr auth login" not in line


class TestRoles:
    def test_create_assign_remove(self, admin: Cli, user: Cli) -> None:
        permissions = admin.json("admin", "roles", "permissions")
        assert permissions and all("name" in p for p in permissions)
        name = unique("auditor")
        role = admin.json(
            "admin", "roles", "create", name, "--permission", permissions[0]["name"], "--description", "Reads"
        )
        assert role["name"] == name and role["permissions"] == [permissions[0]["name"]]
        assert name in admin("admin", "roles", "list").ok().out
        admin("admin", "roles", "assign", user.username, name).ok()
        user("auth", "logout").ok()
        user("auth", "login", user.username, "--password", PASSWORD).ok()
        assert name in {r["name"] for r in user.json("admin", "roles", "mine")}
        admin("admin", "roles", "remove", user.username, name).ok()
        assert "Error: " in admin("admin", "roles", "assign", user.username, unique("nope")).fails(1).one_error_line()


class TestQuotas:
    def test_role_limits_user_override_and_usage(self, admin: Cli, user: Cli, api_url: str) -> None:
        if not served_or_missing(api_url, "get", "/api/v1/quotas/config", admin("admin", "quotas", "show")):
            return
        before = admin.json("admin", "quotas", "show")["roles"]["manager"]
        updated = admin.json("admin", "quotas", "set", "manager", "--max-active", 333)
        assert updated["roles"]["manager"]["max_active_reservations"] == 333
        assert {k: v for k, v in updated["roles"]["manager"].items() if k != "max_active_reservations"} == {
            k: v for k, v in before.items() if k != "max_active_reservations"
        }
        assert "manager" in admin("admin", "quotas", "show").ok().out
        assert (
            "Unknown role"
            in admin("admin", "quotas", "set", unique("nope"), "--max-active", 1).fails(1).one_error_line()
        )
        assert admin("admin", "quotas", "set", "manager").code == 2
        me = user.json("auth", "whoami")
        override = admin.json("admin", "quotas", "user", me["id"], "--max-active", 1)
        assert override["override"]["max_active_reservations"] == 1
        assert admin.json("admin", "quotas", "user", me["id"])["user_id"] == me["id"]
        assert "limits" in user.json("admin", "quotas", "usage")
        assert "limit" in user.json("admin", "quotas", "usage", "--api")
        admin("admin", "quotas", "user", me["id"], "--clear").ok()


class TestWebhooks:
    def test_events_create_update_test_deliveries_delete(self, admin: Cli, api_url: str) -> None:
        if not served_or_missing(api_url, "get", "/api/v1/webhooks/events", admin("admin", "webhooks", "events")):
            return
        assert admin.json("admin", "webhooks", "events")
        assert "Error: " in admin("admin", "webhooks", "create", "http://127.0.0.1:9/hook").fails(1).one_error_line()
        created = admin(
            "--json", "admin", "webhooks", "create", "https://hooks.example.com/rr", "--event", "reservation.*"
        )
        if created.code:
            assert "Error: " in created.one_error_line()  # e.g. the address cannot be resolved offline
            return
        hook: dict[str, Any] = created.json()
        assert hook["secret"] and hook["events"] == ["reservation.*"]
        assert admin.json("admin", "webhooks", "update", hook["id"], "--disable")["is_active"] is False
        assert str(hook["id"]) in admin("admin", "webhooks", "list").ok().out
        tested = admin("admin", "webhooks", "test", hook["id"])
        if tested.code == 0:
            assert admin.json("admin", "webhooks", "deliveries", hook["id"])["data"]
        admin("admin", "webhooks", "delete", hook["id"], "--yes").ok()
        assert "Error: " in admin("admin", "webhooks", "show", hook["id"]).fails(1).one_error_line()


class TestAuditAndAnalytics:
    def test_audit(self, admin: Cli, resource: dict[str, Any], api_url: str, tmp_path: Path) -> None:
        if not served_or_missing(api_url, "get", "/api/v1/audit/logs", admin("admin", "audit", "list")):
            return
        entity = admin.json("admin", "audit", "entity", "resource", resource["id"])
        entries = admin.json("admin", "audit", "list", "--entity-type", "resource", "--limit", 5)["data"]
        if entries:
            shown = admin.json("admin", "audit", "show", entries[0]["id"])
            assert shown["id"] == entries[0]["id"]
        assert isinstance(entity["data"], list)
        admin("admin", "audit", "mine").ok()
        target = tmp_path / "audit.json"
        admin("admin", "audit", "export", "--format", "json", "-o", str(target), "--entity-type", "resource").ok()
        assert isinstance(json.loads(target.read_text()), list)
        assert admin("admin", "audit", "export", "--format", "csv").ok().out.count("\n") >= 1

    def test_analytics(self, admin: Cli, user: Cli, resource: dict[str, Any], api_url: str, tmp_path: Path) -> None:
        user("reservations", "create", resource["id"], "--start", slot(days=2, hour=10)[0], "--duration", "1h").ok()
        if not served_or_missing(
            api_url, "get", "/api/v1/analytics/dashboard", admin("admin", "analytics", "dashboard")
        ):
            return
        today = datetime.now()
        window = (
            "--from",
            (today - timedelta(days=30)).strftime("%Y-%m-%d 00:00"),
            "--to",
            (today + timedelta(days=30)).strftime("%Y-%m-%d 00:00"),
        )
        dashboard = admin.json("admin", "analytics", "dashboard", *window)
        assert dashboard["total_reservations"] >= 1
        assert (
            "366 days"
            in admin("admin", "analytics", "dashboard", "--from", "2000-01-01 00:00", "--to", "2100-01-01 00:00")
            .fails(1)
            .one_error_line()
        )
        for command in ("utilization", "popular", "peak-times", "user-patterns"):
            admin("admin", "analytics", command).ok()
        assert "Mon" in admin("admin", "analytics", "peak-times").ok().out
        target = tmp_path / "util.csv"
        admin("admin", "analytics", "export", "utilization", "-o", str(target)).ok()
        assert target.read_text().strip()
        assert "Error: " in user("admin", "analytics", "dashboard").fails(1).one_error_line()

    def test_cleanup(self, admin: Cli, api_url: str) -> None:
        if served_or_missing(api_url, "post", "/api/v1/admin/cleanup-expired", admin("admin", "cleanup")):
            assert "completed" in admin.json("admin", "cleanup")


class TestSystem:
    def test_status_version_and_setup_only_once(self, admin: Cli, api_url: str, tmp_path: Path) -> None:
        status = admin.json("system", "status")
        assert status["status"] == "ready" and status["checks"]["auth"] == "ok"
        assert "booking" in admin("system", "status").ok().out
        assert admin.json("system", "version")["current"] == "v1"
        again = (
            new_cli(tmp_path, api_url)("system", "setup", "intruder", "--password", PASSWORD).fails(1).one_error_line()
        )
        assert "already has an administrator" in again
