"""`python -m rr_importer` moves the old system's database into a fresh stack, and everything a
user had is there through the gateway: sign-in with the old password, resources with their status,
hours and blackouts, reservations (cancelled ones cancelled) under the exclusion constraint, the
series as a series; a second run changes nothing.

The stack here is the module's own (its own databases and NATS on the session's PostgreSQL): an
import keeps old ids only into an empty system, and the session's shared stack is not empty."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any

import asyncpg
import grpc
import httpx
import pytest
from rr.auth.v1 import legacy_import_pb2, legacy_import_pb2_grpc
from rr_importer import sample

from rr_common.service_tokens import ServiceTokenProvider
from rr_devstack.infra import Infra
from rr_devstack.pytest_plugin import private_nats
from rr_devstack.stack import Stack

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(os.environ.get("RR_OLD_SYSTEM_FIXTURE") or ROOT.parent / "shared" / "fixtures" / "old-system")
IMPORTER_ID = "rr-importer"
pytestmark = pytest.mark.skipif(
    not (FIXTURE / "resource_reserver.db").is_file(), reason="the old system's sample database is absent"
)


@dataclasses.dataclass
class Imported:
    stack: Stack
    infra: Infra
    manifest: dict[str, Any]
    old_db: Path
    old_db_digest: str
    first: subprocess.CompletedProcess[str]
    report_dir: Path
    env: dict[str, str]


def importer_env(stack: Stack, secret: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RR_IMPORT_")}
    env |= {
        f"RR_IMPORT_{n.upper()}_TARGET": stack.grpc_target(n)
        for n in ("auth", "catalog", "booking", "waitlist", "notify")
    }
    return env | {"RR_IMPORT_CLIENT_ID": IMPORTER_ID, "RR_IMPORT_CLIENT_SECRET": secret}


def run_importer(
    env: dict[str, str], old_db: Path | str, report_dir: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rr_importer", "--old-db", str(old_db), "--report-dir", str(report_dir), *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def imported(rr_infra: Infra, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    folder = tmp_path_factory.mktemp("old_system_import")
    # A copy: nothing may ever write to the fixture (the importer only reads, and we check that too).
    old_db = folder / "old.db"
    shutil.copyfile(FIXTURE / "resource_reserver.db", old_db)
    digest = hashlib.sha256(old_db.read_bytes()).hexdigest()
    with private_nats(folder / "nats") as nats:
        infra = dataclasses.replace(
            rr_infra, db_prefix="rr_import_", data_dir=folder / "stack", nats_url=nats.url, created_databases=[]
        )
        infra.create_service_databases()
        stack = Stack(
            infra,
            environment="test",
            inherit_service_env=False,
            extra_env={
                "gateway": {
                    "RR_GATEWAY_RATE_LIMIT_LOGIN": "100000/minute",
                    "RR_GATEWAY_RATE_LIMIT_ANONYMOUS": "100000/minute",
                    "RR_GATEWAY_RATE_LIMIT_USER": "100000/minute",
                },
            },
        )
        # The importer's OAuth2 client, next to the ones the stack declares.
        secret = "importer-" + hashlib.sha256(folder.name.encode()).hexdigest()[:24]
        clients = json.loads(stack.env_for("auth").get("RR_AUTH_SERVICE_CLIENTS") or "[]")
        clients.append(
            {"client_id": IMPORTER_ID, "secret": secret, "scopes": ["data:import"], "name": "old-system importer"}
        )
        stack.extra_env["auth"] = {"RR_AUTH_SERVICE_CLIENTS": json.dumps(clients)}
        stack.start_all()
        try:
            env = importer_env(stack, secret)
            first = run_importer(env, old_db, folder / "report-1")
            assert first.returncode == 0, first.stdout + first.stderr
            manifest = json.loads((FIXTURE / "manifest.json").read_text())
            yield Imported(stack, infra, manifest, old_db, digest, first, folder / "report-1", env)
        finally:
            stack.stop_all()


@pytest.fixture(scope="module")
async def api(imported: Imported) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=imported.stack.gateway_url, timeout=15) as client:
        yield client


async def token(api: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    answer = await api.post("/api/v1/token", data={"username": username, "password": password})
    assert answer.status_code == 200, f"{username}: {answer.text}"
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def password_hashes(imported: Imported) -> dict[str, str]:
    connection = await asyncpg.connect(imported.infra.database_url_for("auth"))
    try:
        return {
            r["username"]: r["password_hash"]
            for r in await connection.fetch("SELECT username, password_hash FROM users")
        }
    finally:
        await connection.close()


async def test_every_old_account_signs_in_with_its_old_password_then_holds_argon2id(
    imported: Imported, api: httpx.AsyncClient
) -> None:
    before = await password_hashes(imported)
    assert all(before[u["username"]].startswith("$2b$") for u in imported.manifest["users"])
    for user in imported.manifest["users"]:
        await token(api, user["username"], user["password"])
        wrong = await api.post("/api/v1/token", data={"username": user["username"], "password": user["password"] + "x"})
        assert wrong.status_code == 401
    after = await password_hashes(imported)
    assert all(after[u["username"]].startswith("$argon2id$") for u in imported.manifest["users"])
    assert "refresh_tokens" in imported.first.stdout and "sessions are not carried over" in imported.first.stdout


async def test_the_old_administrator_administers(imported: Imported, api: httpx.AsyncClient) -> None:
    boss = next(u for u in imported.manifest["users"] if u.get("role") == "admin")
    headers = await token(api, boss["username"], boss["password"])
    users = await api.get("/api/v1/auth/admin/users", params={"limit": 50}, headers=headers)
    assert users.status_code == 200, users.text
    assert {u["username"] for u in imported.manifest["users"]} <= {u["username"] for u in users.json()["data"]}
    status = (await api.get("/api/v1/setup/status")).json()
    assert status["needs_setup"] is False
    plain = next(u for u in imported.manifest["users"] if not u.get("role"))
    refused = await api.get("/api/v1/auth/admin/users", headers=await token(api, plain["username"], plain["password"]))
    assert refused.status_code == 403


async def test_resources_keep_their_ids_status_hours_and_blackouts(imported: Imported, api: httpx.AsyncClient) -> None:
    someone = next(u for u in imported.manifest["users"] if not u.get("role"))
    headers = await token(api, someone["username"], someone["password"])
    for resource in imported.manifest["resources"]:
        answer = await api.get(f"/api/v1/resources/{resource['id']}")
        assert answer.status_code == 200, answer.text
        assert answer.json()["name"] == resource["name"]
    van = next(r for r in imported.manifest["resources"] if r["name"] == "Van 7-10")
    assert (await api.get(f"/api/v1/resources/{van['id']}")).json()["status"] == "unavailable"
    for hours in imported.manifest["hours"]:
        answer = await api.get(f"/api/v1/resources/{hours['resource_id']}/business-hours", headers=headers)
        assert answer.status_code == 200, answer.text
        week = answer.json()["intervals"]
        assert [(i["day_of_week"], i["open_time"][:5], i["close_time"][:5]) for i in week] == [
            (d, "08:00", "18:00") for d in range(5)
        ]
    for blackout in imported.manifest["blackouts"]:
        answer = await api.get(f"/api/v1/resources/{blackout['resource_id']}/blackout-dates", headers=headers)
        assert answer.status_code == 200, answer.text
        days = answer.json()["data"]
        assert [d["start_date"] for d in days] == [blackout["date"]]


async def my_reservations(api: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    answer = await api.get("/api/v1/reservations/my", params={"limit": 100}, headers=headers)
    assert answer.status_code == 200, answer.text
    data: list[dict[str, Any]] = answer.json()["data"]
    return data


async def all_reservation_ids(api: httpx.AsyncClient, headers: dict[str, str]) -> list[int]:
    ids: list[int] = []
    cursor = ""
    while True:
        answer = await api.get("/api/v1/reservations", params={"limit": 100, "cursor": cursor}, headers=headers)
        assert answer.status_code == 200, answer.text
        ids += [r["id"] for r in answer.json()["data"]]
        cursor = answer.json().get("next_cursor") or ""
        if not cursor:
            return sorted(ids)


async def resource_names(api: httpx.AsyncClient) -> list[str]:
    answer = await api.get("/api/v1/resources", params={"limit": 100})
    assert answer.status_code == 200, answer.text
    return sorted(r["name"] for r in answer.json()["data"])


def instant(text: str) -> str:
    return text.replace("+00:00", "Z")


async def test_each_users_reservations_are_the_old_ones(imported: Imported, api: httpx.AsyncClient) -> None:
    series_ids = {i for s in imported.manifest["series"] for i in s["ids"]}
    for user in imported.manifest["users"]:
        expected = {
            (r["id"], r["resource_id"], r["start"], r["end"], "cancelled" if r.get("cancelled") else "confirmed")
            for r in imported.manifest["reservations"]
            if r["user"] == user["username"] and r["id"] not in series_ids
        }
        got = {
            (r["id"], r["resource_id"], instant(r["start_time"]), instant(r["end_time"]), r["status"])
            for r in await my_reservations(api, await token(api, user["username"], user["password"]))
            if r["id"] not in series_ids
        }
        assert got == expected, user["username"]


async def test_notifications_are_the_old_ones_and_the_import_sent_none(
    imported: Imported, api: httpx.AsyncClient
) -> None:
    with sqlite3.connect(f"file:{imported.old_db}?mode=ro", uri=True) as old:
        usernames = dict(old.execute("SELECT id, username FROM users"))
        expected: dict[str, list[tuple[str, bool]]] = {}
        for user_id, title, read in old.execute("SELECT user_id, title, read FROM notifications ORDER BY id DESC"):
            expected.setdefault(usernames[user_id], []).append((title, bool(read)))
    await asyncio.sleep(2)  # anything the import published has reached notify by now
    for user in imported.manifest["users"]:
        answer = await api.get(
            "/api/v1/notifications", params={"limit": 100}, headers=await token(api, user["username"], user["password"])
        )
        assert answer.status_code == 200, answer.text
        got = [(n["title"], n["is_read"]) for n in answer.json()["data"]]
        assert got == expected.get(user["username"], []), user["username"]
    boss = next(u for u in imported.manifest["users"] if u.get("role") == "admin")
    audit = await api.get(
        "/api/v1/audit/logs",
        params={"action": "old_system.imported", "limit": 50},
        headers=await token(api, boss["username"], boss["password"]),
    )
    assert audit.status_code == 200, audit.text
    users = next(e for e in audit.json()["data"] if e["entity_type"] == "users")
    assert users["payload"]["created"] == len(imported.manifest["users"])


async def test_imported_reservations_still_ahead_get_their_reminders(imported: Imported) -> None:
    """Each comes as long before the start as its owner chose in the old system (24 h in the
    sample); none was sent at import time."""
    with sqlite3.connect(f"file:{imported.old_db}?mode=ro", uri=True) as old:
        hours = dict(old.execute("SELECT id, reminder_hours FROM users"))
        ahead = {
            rid: (datetime.fromisoformat(start).replace(tzinfo=UTC), hours[user])
            for rid, start, user in old.execute(
                "SELECT id, start_time, user_id FROM reservations WHERE status = 'active' AND NOT reminder_sent"
            )
            if datetime.fromisoformat(start).replace(tzinfo=UTC) > datetime.now(UTC) + timedelta(days=1)
        }
    assert ahead, "the sample's reservations lie ahead"
    connection = await asyncpg.connect(imported.infra.database_url_for("notify"))
    try:
        rows = await connection.fetch(
            "SELECT reservation_id, fire_at, status FROM reminders WHERE reservation_id = ANY($1::bigint[])",
            list(ahead),
        )
    finally:
        await connection.close()
    assert {r["reservation_id"]: (r["fire_at"], r["status"]) for r in rows} == {
        rid: (start - timedelta(hours=lead), "pending") for rid, (start, lead) in ahead.items()
    }


async def test_an_imported_future_slot_refuses_a_new_booking(imported: Imported, api: httpx.AsyncClient) -> None:
    taken = next(
        r
        for r in imported.manifest["reservations"]
        if not r.get("cancelled") and r["resource_id"] not in {b["resource_id"] for b in imported.manifest["blackouts"]}
    )
    other = next(u for u in imported.manifest["users"] if u["username"] != taken["user"] and not u.get("role"))
    answer = await api.post(
        "/api/v1/reservations",
        json={"resource_id": taken["resource_id"], "start_time": taken["start"], "end_time": taken["end"]},
        headers=await token(api, other["username"], other["password"]),
    )
    assert answer.status_code == 409, answer.text
    # A cancelled old reservation holds nothing: its slot can be booked.
    freed = next(r for r in imported.manifest["reservations"] if r.get("cancelled"))
    again = await api.post(
        "/api/v1/reservations",
        json={"resource_id": freed["resource_id"], "start_time": freed["start"], "end_time": freed["end"]},
        headers=await token(api, other["username"], other["password"]),
    )
    assert again.status_code == 201, again.text


async def test_the_series_reads_back_as_a_series(imported: Imported, api: httpx.AsyncClient) -> None:
    for series in imported.manifest["series"]:
        owner = next(u for u in imported.manifest["users"] if u["username"] == series["user"])
        mine = [
            r
            for r in await my_reservations(api, await token(api, owner["username"], owner["password"]))
            if r["id"] in series["ids"]
        ]
        assert sorted(r["id"] for r in mine) == sorted(series["ids"])
        assert len({r["series_id"] for r in mine}) == 1 and mine[0]["series_id"]
        assert [instant(r["recurrence_id"]) for r in sorted(mine, key=lambda r: r["start_time"])] == [
            instant(r["start_time"]) for r in sorted(mine, key=lambda r: r["start_time"])
        ]


async def test_the_waitlist_entry_is_there_in_its_place(imported: Imported, api: httpx.AsyncClient) -> None:
    with sqlite3.connect(f"file:{imported.old_db}?mode=ro", uri=True) as old:
        flexible = {str(i): bool(f) for i, f in old.execute("SELECT id, flexible_time FROM waitlist")}
    for entry in imported.manifest["waitlist"]:
        owner = next(u for u in imported.manifest["users"] if u["username"] == entry["user"])
        answer = await api.get("/api/v1/waitlist", headers=await token(api, owner["username"], owner["password"]))
        assert answer.status_code == 200, answer.text
        mine = [e for e in answer.json()["data"] if e["resource_id"] == entry["resource_id"]]
        assert len(mine) == 1 and mine[0]["status"] == "waiting" and mine[0]["position"] == 1, mine
        assert mine[0]["flexible_time"] is flexible[str(entry["id"])]


async def test_a_users_token_cannot_import(imported: Imported, api: httpx.AsyncClient) -> None:
    boss = next(u for u in imported.manifest["users"] if u.get("role") == "admin")
    headers = await token(api, boss["username"], boss["password"])
    async with grpc.aio.insecure_channel(imported.stack.grpc_target("auth")) as channel:
        stub = legacy_import_pb2_grpc.LegacyImportServiceStub(channel)
        forged = legacy_import_pb2.LegacyUser(
            old_id="999", username="intruder", password_hash="$2b$12$" + "a" * 53, roles=["admin"], is_active=True
        )
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.ImportUsers(
                legacy_import_pb2.ImportUsersRequest(users=[forged]),
                metadata=(("authorization", headers["Authorization"]),),
            )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    # A service token without the data:import scope (the waitlist's own client) is refused too.
    waitlist = ServiceTokenProvider.from_grpc(
        imported.stack.grpc_target("auth"),
        "rr-waitlist",
        (imported.infra.data_dir / "keys" / "waitlist-client.secret").read_text().strip(),
    )
    async with grpc.aio.insecure_channel(imported.stack.grpc_target("auth")) as channel:
        stub = legacy_import_pb2_grpc.LegacyImportServiceStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.ImportUsers(
                legacy_import_pb2.ImportUsersRequest(users=[forged]), metadata=await waitlist.metadata()
            )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "intruder" not in (await password_hashes(imported))


async def test_a_second_run_finds_everything_already_there(imported: Imported, api: httpx.AsyncClient) -> None:
    first = json.loads((imported.report_dir / "report.json").read_text())
    assert first["counts"]["users"]["created"] == len(imported.manifest["users"])
    with sqlite3.connect(f"file:{imported.old_db}?mode=ro", uri=True) as old:
        assert (
            first["counts"]["reservations"]["created"] == old.execute("SELECT count(*) FROM reservations").fetchone()[0]
        )
    mapping = json.loads((imported.report_dir / "mapping.json").read_text())
    assert all(not m["renumbered"] for m in mapping), "an empty target keeps the old ids"
    boss = next(u for u in imported.manifest["users"] if u.get("role") == "admin")
    admin = await token(api, boss["username"], boss["password"])
    before = [await all_reservation_ids(api, admin), await resource_names(api)]
    dry = run_importer(imported.env, imported.old_db, imported.report_dir.parent / "report-dry", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    second = run_importer(imported.env, imported.old_db, imported.report_dir.parent / "report-2")
    assert second.returncode == 0, second.stdout + second.stderr
    for run in (dry, second):
        counts = json.loads((Path(run.args[run.args.index("--report-dir") + 1]) / "report.json").read_text())["counts"]
        for kind, by_outcome in counts.items():
            assert by_outcome.get("created", 0) == 0, (kind, by_outcome)
            assert by_outcome.get("already there", 0) == first["counts"][kind].get("created", 0), (kind, by_outcome)
    assert "already there" in second.stdout
    assert [await all_reservation_ids(api, admin), await resource_names(api)] == before
    assert hashlib.sha256(imported.old_db.read_bytes()).hexdigest() == imported.old_db_digest, (
        "the old database was changed"
    )


async def test_a_larger_database_imports_into_a_system_in_use_with_its_double_bookings(
    imported: Imported, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    old_db = tmp_path / "generated.db"
    manifest = sample.create(
        imported.old_db,
        old_db,
        sample.Shape(prefix="gen", users=20, resources=8, reservations=400, overlaps=3, account_state=True),
    )
    run = run_importer(imported.env, old_db, tmp_path / "report")
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    # The target was not empty: ids moved, and the mapping says where to.
    with (tmp_path / "report" / "mapping.csv").open() as fh:
        mapping = {(m["kind"], m["old_id"]): (int(m["new_id"]), m["renumbered"] == "True") for m in csv.DictReader(fh)}
    assert any(renumbered for (kind, _), (_, renumbered) in mapping.items() if kind == "resources"), run.stdout
    # Every pair the old system double-booked is reported, both sides imported, the later flagged.
    assert sorted((int(p["earlier_old_id"]), int(p["later_old_id"])) for p in report["double_booked"]) == sorted(
        tuple(p) for p in manifest["double_booked"]
    )
    assert "Double bookings of the old system (3)" in run.stdout
    boss = next(u for u in imported.manifest["users"] if u.get("role") == "admin")
    admin = await token(api, boss["username"], boss["password"])
    for earlier, later in manifest["double_booked"]:
        first = (
            await api.get(f"/api/v1/reservations/{mapping[('reservations', str(earlier))][0]}", headers=admin)
        ).json()
        second = (
            await api.get(f"/api/v1/reservations/{mapping[('reservations', str(later))][0]}", headers=admin)
        ).json()
        assert first["status"] == second["status"] == "confirmed"
        assert "double-booked" in second["notes"] and "double-booked" not in first["notes"]
    # Accounts: the old password works; an MFA enrolment still asks for the second factor.
    plain = next(u for u in manifest["users"] if not (u["mfa"] or u.get("inactive") or u.get("locked")))
    await token(api, plain["username"], plain["password"])
    mfa = next(u for u in manifest["users"] if u["mfa"])
    assert not (mfa.get("inactive") or mfa.get("locked"))
    asked = await api.post("/api/v1/token", data={"username": mfa["username"], "password": mfa["password"]})
    assert asked.status_code == 401 and asked.json()["code"] == "mfa_required", asked.text
    # Notification choices: e-mail off stays off, the reminder comes 2 hours before.
    quiet = next(u for u in manifest["users"] if u["id"] == 5)
    choices = (
        await api.get(
            "/api/v1/notifications/preferences", headers=await token(api, quiet["username"], quiet["password"])
        )
    ).json()
    assert choices["reminder_minutes"] == 120 and not any(c["email"] for c in choices["channels"]), choices
    # The old calendar feed address keeps working (no sign-in: the address is the secret).
    feed = await api.get(f"/api/v1/calendar/feed/gen-feed-{'0123456789abcdef' * 2}.ics")
    assert feed.status_code == 200 and "BEGIN:VCALENDAR" in feed.text, feed.text
    # Groups and labels: the resource is in its group, with its labels.
    room = (await api.get(f"/api/v1/resources/{mapping[('resources', '1')][0]}")).json()
    assert room["group_id"] == mapping[("groups", "2")][0]
    assert sorted(label["name"] for label in room["labels"]) == ["kind: gen-av", "kind: gen-quiet"]
    # A later schema's account state: an inactive account stays inactive, a locked one locked.
    inactive = next(u for u in manifest["users"] if u.get("inactive"))
    refused = await api.post("/api/v1/token", data={"username": inactive["username"], "password": inactive["password"]})
    assert refused.status_code == 403 and refused.json()["code"] == "account_inactive", refused.text
    locked = next(u for u in manifest["users"] if u.get("locked"))
    refused = await api.post("/api/v1/token", data={"username": locked["username"], "password": locked["password"]})
    assert refused.status_code == 429 and refused.json()["code"] == "account_locked", refused.text
    # Webhooks keep their secret (receivers keep verifying signatures); notifications their read state.
    hooks = await api.get("/api/v1/webhooks", headers=admin)
    assert "https://example.org/hook" in [h["url"] for h in hooks.json()["data"]], hooks.text
    connection = await asyncpg.connect(imported.infra.database_url_for("notify"))
    try:
        assert (
            await connection.fetchval("SELECT secret FROM webhooks WHERE url = 'https://example.org/hook'") == "s3cret"
        )
    finally:
        await connection.close()
    owner = next(u for u in manifest["users"] if u["id"] == 1)
    notes = (
        await api.get("/api/v1/notifications", headers=await token(api, owner["username"], owner["password"]))
    ).json()["data"]
    assert [(n["title"], n["is_read"]) for n in notes] == [("Hi", True)]
    # What was not imported is named, with the reason.
    assert report["tables"]["webhook_deliveries"].startswith("skipped") and report["tables"][
        "refresh_tokens"
    ].startswith("skipped")
    assert report["counts"]["reservations"]["created"] + report["counts"]["reservations"]["conflict"] == 403


async def test_an_import_stopped_halfway_finishes_when_run_again(
    imported: Imported, api: httpx.AsyncClient, tmp_path: Path
) -> None:
    old_db = tmp_path / "resumed.db"
    manifest = sample.create(
        imported.old_db, old_db, sample.Shape(prefix="res", users=12, resources=4, reservations=60, overlaps=0)
    )
    imported.stack.stop("booking")  # the import stops after accounts and resources
    try:
        stopped = run_importer(imported.env, old_db, tmp_path / "stopped")
    finally:
        imported.stack.start("booking")
    assert stopped.returncode == 1 and "Run it again to resume" in stopped.stderr, stopped.stdout + stopped.stderr
    assert "users: 12/12 (created 12" in stopped.stdout
    again = run_importer(imported.env, old_db, tmp_path / "again")
    assert again.returncode == 0, again.stdout + again.stderr
    counts = json.loads((tmp_path / "again" / "report.json").read_text())["counts"]
    assert counts["users"] == {"already there": 12} and counts["resources"] == {"already there": 4}
    assert counts["reservations"] == {"created": 60}
    boss = next(u for u in imported.manifest["users"] if u.get("role") == "admin")
    found = await api.get(
        "/api/v1/auth/admin/users", params={"limit": 100}, headers=await token(api, boss["username"], boss["password"])
    )
    assert found.status_code == 200 and not found.json()["has_more"], found.text
    names = [u["username"] for u in found.json()["data"] if u["username"].startswith("resu")]
    assert sorted(names) == sorted(str(u["username"]) for u in manifest["users"]), "no account was created twice"


@pytest.mark.skipif(not os.environ.get("RR_IMPORT_MEASURE"), reason="a measurement, run on demand: RR_IMPORT_MEASURE=1")
async def test_measure_ten_thousand_reservations(imported: Imported, tmp_path: Path) -> None:
    """Measured, not asserted: the time of importing 10,000 reservations (printed with -s)."""
    old_db = tmp_path / "big.db"
    sample.create(
        imported.old_db, old_db, sample.Shape(prefix="big", users=200, resources=50, reservations=10_000, overlaps=5)
    )
    began = time.monotonic()
    run = run_importer(imported.env, old_db, tmp_path / "report")
    took = time.monotonic() - began
    assert run.returncode == 0, run.stdout + run.stderr
    print(f"\n10,000 reservations (200 users, 50 resources): imported in {took:.1f} s\n{run.stdout[:1500]}")


PG_TYPES = {
    "INTEGER": "bigint",
    "BOOLEAN": "boolean",
    "DATETIME": "timestamp",
    "DATE": "date",
    "TIME": "time",
    "JSON": "json",
    "TEXT": "text",
}


def pg_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    parse = {
        "timestamp": datetime.fromisoformat,
        "date": date.fromisoformat,
        "time": dt_time.fromisoformat,
        "boolean": bool,
    }
    return parse[kind](value) if kind in parse else value


async def copy_to_postgresql(sqlite_path: Path, url: str) -> None:
    """The old system's optional storage: the same tables, PostgreSQL types."""
    connection = await asyncpg.connect(url)
    try:
        with sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True) as old:
            for (table,) in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
                columns = [
                    (c[1], PG_TYPES.get(c[2].split("(")[0], "varchar"))
                    for c in old.execute(f'PRAGMA table_info("{table}")')
                ]
                await connection.execute(f'CREATE TABLE "{table}" ({", ".join(f""""{n}" {t}""" for n, t in columns)})')
                rows = [
                    [pg_value(t, v) for (_, t), v in zip(columns, row, strict=True)]
                    for row in old.execute(f'SELECT * FROM "{table}"')
                ]
                if rows:
                    marks = ", ".join(f"${i + 1}" for i in range(len(columns)))
                    await connection.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
    finally:
        await connection.close()


async def test_the_old_systems_postgresql_storage_reads_the_same(imported: Imported, tmp_path: Path) -> None:
    url = imported.infra.create_database("rr_import_old_pg")
    await copy_to_postgresql(imported.old_db, url)
    run = run_importer(imported.env, url, tmp_path / "report", "--dry-run")
    assert run.returncode == 0, run.stdout + run.stderr
    counts = json.loads((tmp_path / "report" / "report.json").read_text())["counts"]
    # The same database in its other storage: every row is recognised as already imported.
    assert counts["users"] == {"already there": 7}
    assert counts["reservations"] == {"already there": 34}
    assert counts["waitlist"]["already there"] == 1
