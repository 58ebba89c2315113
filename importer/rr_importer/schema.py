"""Every table the old system defines, and what the import does with it. A table found in the
database that is not listed here is reported as skipped (not the old system's); a listed table
that is missing is simply empty (older versions of the old system lacked some)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TablePlan:
    into: str  # the service it goes to, or "" when skipped
    note: str  # what becomes of it, or why it is skipped


IMPORTED = {
    "users": TablePlan(
        "auth", "accounts: username, e-mail, roles, activity, MFA, password hash (bcrypt, re-hashed on first sign-in)"
    ),
    "roles": TablePlan("auth", "role names, applied through user_roles"),
    "user_roles": TablePlan("auth", "each account's roles"),
    "resources": TablePlan("catalog", "name, description, tags, status, approval setting, group and labels"),
    "resource_groups": TablePlan(
        "catalog", "the group tree (building, floor and room go to the description); same-named siblings merge"
    ),
    "labels": TablePlan("catalog", "labels named 'category: value' with their colour; same-named labels merge"),
    "resource_labels": TablePlan("catalog", "each resource's labels"),
    "business_hours": TablePlan(
        "catalog", "opening hours, with their resource (rows without a resource apply to every resource)"
    ),
    "blackout_dates": TablePlan(
        "catalog", "blackout dates, with their resource (rows without a resource apply to every resource)"
    ),
    "recurrence_rules": TablePlan("booking", "series: the rule, with cancelled or moved occurrences as exceptions"),
    "reservations": TablePlan("booking", "every status, times as instants, cancellation reasons"),
    "reservation_history": TablePlan("booking", "history rows, with their reservation"),
    "notifications": TablePlan("notify", "in-app notifications with their read state (nothing is sent again)"),
    "webhooks": TablePlan("notify", "webhooks with their secrets, events and active state"),
    "waitlist": TablePlan(
        "waitlist", "entries in their queue order, with their flexibility and status (an open offer waits again)"
    ),
}

SKIPPED = {
    "refresh_tokens": "sessions are not carried over: everyone signs in again (with the same password)",
    "login_attempts": "sign-in history; a lock in force travels with the account",
    "system_settings": "first-run state: the new system knows it is set up once an administrator exists",
    "audit_logs": "the old audit trail stays in the old database (the import writes its own audit record)",
    "api_quotas": "per-user API tiers: the gateway's rate limits are configured per tier, not per user",
    "api_usage_logs": "request logs of the old API",
    "oauth2_clients": "OAuth2 clients must be registered again: secrets are stored differently here",
    "oauth2_authorization_codes": "short-lived OAuth2 codes",
    "oauth2_tokens": "OAuth2 tokens: clients obtain new ones",
    "saved_searches": "the new system has no saved searches",
    "resource_permissions": "per-resource permissions have no equivalent; roles decide",
    "approval_requests": "pending approvals keep their reservation's status; the approver and messages are not carried",
    "webhook_deliveries": "past deliveries of webhooks are not carried",
}


def plan_for(tables: dict[str, list[str]]) -> dict[str, TablePlan]:
    """What happens to each table found."""
    plans: dict[str, TablePlan] = {}
    for name in sorted(tables):
        if name in IMPORTED:
            plans[name] = IMPORTED[name]
        elif name in SKIPPED:
            plans[name] = TablePlan("", SKIPPED[name])
        elif name == "alembic_version":
            plans[name] = TablePlan("", "the old system's migration marker")
        else:
            plans[name] = TablePlan("", "not a table of the old system's schema")
    return plans
