"""A generated database of the old system, of any size, for tests and measurements:
`python -m rr_importer.sample --template <old db> --out big.db --reservations 10000`.

It takes the schema from a database the old system wrote (every table, as the old system created
it) and fills it with what the sample lacks: many reservations and statuses, past ones, double
bookings (the old system let them happen), an MFA enrolment, a resource-less blackout, and rows
of tables the importer skips (waitlist, notifications, webhooks)."""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import bcrypt

SLOT = timedelta(minutes=45)
STEP = timedelta(hours=1)


@dataclass(frozen=True)
class Shape:
    prefix: str = "gen"
    users: int = 50
    resources: int = 20
    reservations: int = 1000
    overlaps: int = 3
    # Columns a later version of the old schema has (account state): user 3 inactive, user 4 locked.
    account_state: bool = False
    start: datetime = datetime(2030, 3, 4, 8, 0)  # naive UTC, as the old system stored it


def password_of(prefix: str, index: int) -> str:
    return f"Gen-{prefix}-Pass{index}!"


def create(template: Path, out: Path, shape: Shape) -> dict[str, object]:
    """Write `out` and return its manifest (accounts with passwords, the double-booked pairs)."""
    with sqlite3.connect(f"file:{template}?mode=ro", uri=True) as source:
        schema = [
            sql
            for (sql,) in source.execute(
                "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
            )
        ]
    out.unlink(missing_ok=True)
    db = sqlite3.connect(out)
    for statement in schema:
        db.execute(statement)
    if shape.account_state:
        db.execute("ALTER TABLE users ADD COLUMN is_active BOOLEAN NOT NULL DEFAULT 1")
        db.execute("ALTER TABLE users ADD COLUMN locked_until DATETIME")
    manifest = {
        "users": _users(db, shape),
        "resources": _resources(db, shape),
        "double_booked": _reservations(db, shape),
    }
    _skipped_kinds(db, shape)
    db.commit()
    db.close()
    return manifest


def _users(db: sqlite3.Connection, shape: Shape) -> list[dict[str, object]]:
    db.executemany(
        "INSERT INTO roles (id, name, description) VALUES (?, ?, ?)",
        [(1, "admin", ""), (2, "user", ""), (3, "guest", "")],
    )
    users = []
    salt = bcrypt.gensalt(rounds=4)  # cheap on purpose: these accounts exist only for tests
    for i in range(1, shape.users + 1):
        password = password_of(shape.prefix, i)
        mfa = i == 2
        db.execute(
            "INSERT INTO users (id, username, hashed_password, mfa_enabled, mfa_secret, email, email_verified, email_notifications, reminder_hours)"
            " VALUES (?, ?, ?, ?, ?, ?, 0, 1, 24)",
            (
                i,
                f"{shape.prefix}u{i}",
                bcrypt.hashpw(password.encode(), salt).decode(),
                mfa,
                "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" if mfa else None,
                f"{shape.prefix}u{i}@example.org" if i % 2 else None,
            ),
        )
        users.append({"id": i, "username": f"{shape.prefix}u{i}", "password": password, "mfa": mfa})
    db.execute("INSERT INTO user_roles (id, user_id, role_id) VALUES (1, 1, 1)")
    db.execute("UPDATE users SET email_notifications = 0, reminder_hours = 2 WHERE id = 5")
    db.execute("UPDATE users SET calendar_token = ? WHERE id = 1", (f"{shape.prefix}-feed-" + "0123456789abcdef" * 2,))
    if shape.account_state and shape.users >= 4:
        db.execute("UPDATE users SET is_active = 0 WHERE id = 3")
        db.execute("UPDATE users SET locked_until = '2099-01-01 00:00:00' WHERE id = 4")
        users[2]["inactive"], users[3]["locked"] = True, True
    return users


def _resources(db: sqlite3.Connection, shape: Shape) -> list[dict[str, object]]:
    resources = []
    for i in range(1, shape.resources + 1):
        status = "maintenance" if i % 7 == 0 else "available"
        db.execute(
            "INSERT INTO resources (id, name, description, available, tags, status, requires_approval, auto_reset_hours)"
            " VALUES (?, ?, ?, 1, ?, ?, ?, 8)",
            (
                i,
                f"{shape.prefix} Room {i}",
                f"generated room {i}",
                json.dumps(["room", f"floor{i % 3}"]),
                status,
                i % 5 == 0,
            ),
        )
        resources.append({"id": i, "name": f"{shape.prefix} Room {i}", "status": status})
    created = _t(shape.start - timedelta(days=60))
    db.executemany(
        "INSERT INTO resource_groups (id, name, description, parent_id, building, floor, room, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (1, f"{shape.prefix} Building", "main site", None, "B1", None, None, created),
            (2, f"{shape.prefix} Floor 2", None, 1, "B1", "2", None, created),
        ],
    )
    db.executemany(
        "INSERT INTO labels (id, category, value, color, description, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (1, "kind", f"{shape.prefix}-quiet", "#112233", "", created),
            (2, "kind", f"{shape.prefix}-av", "#445566", "", created),
        ],
    )
    db.execute("UPDATE resources SET group_id = 2 WHERE id = 1")
    db.executemany(
        "INSERT INTO resource_labels (id, resource_id, label_id, created_at) VALUES (?, 1, ?, ?)",
        [(1, 1, created), (2, 2, created)],
    )
    db.execute(
        "INSERT INTO blackout_dates (id, resource_id, date, reason, created_at) VALUES (1, NULL, '2030-12-25', 'closed', '2026-01-01 00:00:00')"
    )
    db.execute(
        "INSERT INTO business_hours (id, resource_id, day_of_week, open_time, close_time, is_closed) VALUES (1, 1, 0, '07:00:00', '00:00:00', 0)"
    )
    return resources


def _reservations(db: sqlite3.Connection, shape: Shape) -> list[tuple[int, int]]:
    rows, history = [], []
    per_resource = -(-shape.reservations // shape.resources)
    statuses = ("active",) * 16 + ("cancelled",) * 3 + ("pending",)
    for n in range(shape.reservations):
        resource, k = n % shape.resources + 1, n // shape.resources
        start = shape.start + STEP * k - (STEP * per_resource if n % 10 == 0 else timedelta())  # some lie in the past
        status = statuses[n % len(statuses)]
        rows.append(
            (
                n + 1,
                n % shape.users + 1,
                resource,
                _t(start),
                _t(start + SLOT),
                status,
                _t(shape.start - timedelta(days=30)),
                "plans changed" if status == "cancelled" else None,
            )
        )
        history.append((n + 1, n + 1, "created", n % shape.users + 1, _t(shape.start - timedelta(days=30)), "Created"))
    pairs = []
    for j in range(shape.overlaps):
        # A future one: past reservations are completed and hold no slot, so nothing would clash.
        first = next(r for r in rows[j * 50 :] if r[5] == "active" and (r[0] - 1) % 10)
        new_id = len(rows) + 1
        start = datetime.fromisoformat(first[3]) + timedelta(minutes=15)
        rows.append(
            (
                new_id,
                (first[1] % shape.users) + 1,
                first[2],
                _t(start),
                _t(start + SLOT),
                "active",
                _t(shape.start),
                None,
            )
        )
        history.append((len(history) + 1, new_id, "created", first[1], _t(shape.start), "Created"))
        pairs.append((first[0], new_id))
    db.executemany(
        "INSERT INTO reservations (id, user_id, resource_id, start_time, end_time, status, created_at, cancellation_reason, reminder_sent,"
        " is_recurring_instance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
        rows,
    )
    db.executemany(
        "INSERT INTO reservation_history (id, reservation_id, action, user_id, timestamp, details) VALUES (?, ?, ?, ?, ?, ?)",
        history,
    )
    return pairs


def _skipped_kinds(db: sqlite3.Connection, shape: Shape) -> None:
    db.execute(
        "INSERT INTO waitlist (id, resource_id, user_id, desired_start, desired_end, flexible_time, status, position, created_at)"
        " VALUES (1, 1, 2, ?, ?, 1, 'waiting', 1, ?)",
        (_t(shape.start), _t(shape.start + SLOT), _t(shape.start)),
    )
    db.execute(
        "INSERT INTO notifications (id, user_id, type, title, message, read, created_at) VALUES (1, 1, 'system_announcement', 'Hi', 'Hello', 1, ?)",
        (_t(shape.start),),
    )
    db.execute(
        "INSERT INTO webhooks (id, user_id, url, secret, events, is_active) VALUES (1, 1, 'https://example.org/hook', 's3cret', '[\"reservation.created\"]', 1)"
    )
    db.execute(
        "INSERT INTO refresh_tokens (id, user_id, token_hash, expires_at, revoked, family_id) VALUES ('t1', 1, 'x', ?, 0, 'f1')",
        (_t(shape.start),),
    )


def _t(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rr_importer.sample", description=__doc__)
    parser.add_argument(
        "--template", type=Path, required=True, help="a database the old system wrote (only its schema is read)"
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--prefix", default="gen")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--resources", type=int, default=20)
    parser.add_argument("--reservations", type=int, default=1000)
    parser.add_argument("--overlaps", type=int, default=3)
    args = parser.parse_args(argv)
    shape = Shape(args.prefix, args.users, args.resources, args.reservations, args.overlaps)
    manifest = create(args.template, args.out, shape)
    args.out.with_suffix(".manifest.json").write_text(json.dumps(manifest, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
