"""Realistic data for the run: resources (CSV import through the gateway, then opening hours,
blackouts and a group tree), users (some registered and signed in through the gateway, the rest
cloned in auth's database from one of them) and reservations (INSERT ... SELECT straight into
booking's database: a million rows in a minute instead of hours through the API).

Which resources each scenario uses is decided here, so the scenarios never collide: creates,
contention, series and waitlist rounds each get resources of their own, free at any hour."""

from __future__ import annotations

import asyncio
import csv
import io
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
import httpx

from bench.harness import PASSWORD, Bench, Minter, bearer, say, sign_up
from bench.stats import figures

WORDS = "quiet bright large small corner window projector whiteboard studio lab desk booth lounge garden north south".split()
TAGS = [f"tag{i}" for i in range(30)]
ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC"]
HEADER = ["name", "tags", "available", "description", "location", "capacity", "timezone"]
ROWS_PER_FILE = 100_000  # about 13 MB: under the gateway's 20 MiB upload limit
SPECIAL = 60  # bookable resources kept for contention, series and waitlist rounds
# API-created reservations start this far ahead, beyond every seeded one.
CREATE_AFTER_DAYS = 400
FILL_FROM_DAYS, FILL_SPAN_HOURS = -60, 90 * 24


@dataclass
class Seeded:
    admin_token: str
    admin: dict[str, str]
    minter: Minter
    resource_ids: list[int]  # every seeded resource
    bookable: list[int]  # available, no opening hours, no blackouts: any slot may be booked
    special: list[int]  # bookable ones nothing else touches (contention, series, waitlist)
    pool: list[dict[str, str]]  # headers of users signed in through the gateway
    pool_ids: list[int]
    users: list[tuple[int, str]]  # every seeded user (id, username)
    reserved_users: list[tuple[int, str]]  # kept out of the reservation fill (waitlist rounds)
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def create_pool(self) -> list[int]:
        return self.bookable[len(self.special) :]


def csv_row(i: int, rng: random.Random) -> list[str]:
    return [
        f"Room {i:07d} {rng.choice(WORDS)}",
        ";".join(rng.sample(TAGS, rng.randint(1, 4))),
        "true" if rng.random() > 0.1 else "false",
        " ".join(rng.choices(WORDS, k=8)),
        f"Building {rng.randint(1, 50)}",
        str(rng.randint(1, 100)),
        rng.choice(ZONES),
    ]


def csv_files(first: int, count: int, seed: int) -> list[bytes]:
    """`count` rows as CSV files of at most ROWS_PER_FILE rows each."""
    rng = random.Random(seed)
    files = []
    for start in range(first, first + count, ROWS_PER_FILE):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(csv_row(i, rng) for i in range(start, min(start + ROWS_PER_FILE, first + count)))
        files.append(buffer.getvalue().encode())
    return files


async def upload(http: httpx.AsyncClient, admin: dict[str, str], files: list[bytes]) -> dict[str, Any]:
    """POST /resources/upload, one file after the other; the figures of the whole import."""
    created, started = 0, time.perf_counter()
    for n, data in enumerate(files):
        answer = await http.post(
            "/api/v1/resources/upload",
            files={"file": (f"resources-{n}.csv", data, "text/csv")},
            headers=admin,
            timeout=900,
        )
        if answer.status_code != 200:
            raise RuntimeError(f"upload: {answer.status_code} {answer.text[:300]}")
        created += int(answer.json()["created"])
    seconds = time.perf_counter() - started
    return {
        "rows": created,
        "files": len(files),
        "megabytes": round(sum(map(len, files)) / 2**20, 1),
        "seconds": round(seconds, 2),
        "rows_per_second": round(created / seconds, 1) if seconds else 0.0,
    }


async def _calendars(url: str) -> None:
    """Weekday hours for 70 % of resources, a yearly holiday for 20 %, a group tree for all."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("""
            INSERT INTO business_hours (resource_id, day_of_week, open_minute, close_minute)
            SELECT r.id, d, 480, 1080 FROM resources r, generate_series(0, 4) d WHERE r.id % 10 < 7;
            UPDATE resources SET hours_key = '0:480-1080,1:480-1080,2:480-1080,3:480-1080,4:480-1080' WHERE id % 10 < 7;
            INSERT INTO blackout_dates (resource_id, start_date, end_date, reason, yearly)
            SELECT id, DATE '2020-12-25', DATE '2020-12-26', 'Holidays', true FROM resources WHERE id % 5 = 0;
            INSERT INTO resource_groups (name, path) SELECT 'Site ' || s, '' FROM generate_series(1, 3) s;
            UPDATE resource_groups SET path = '/' || id || '/';
            UPDATE resources SET group_id = (SELECT min(id) FROM resource_groups) + id % 3;
        """)
        await conn.execute("VACUUM ANALYZE")  # the steady state autovacuum reaches within minutes
    finally:
        await conn.close()


async def _warm_projection(
    http: httpx.AsyncClient, admin: dict[str, str], ids: list[int], concurrency: int = 16
) -> float:
    """Imported resources publish no bookability snapshot (one event per import, not per row):
    booking asks catalog for each once, on first use. Do that first use now, through a schedule
    read, so the scenarios measure the steady state (projection present) and not the warm-up."""
    started = time.perf_counter()
    gate = asyncio.Semaphore(concurrency)

    async def read(resource_id: int) -> None:
        async with gate:
            answer = await http.get(
                f"/api/v1/resources/{resource_id}/schedule",
                params={"date": date.today().isoformat(), "days": 1},
                headers=admin,
            )
            assert answer.status_code == 200, answer.text

    await asyncio.gather(*(read(resource_id) for resource_id in ids))
    return round(time.perf_counter() - started, 2)


async def _resource_rows(url: str) -> tuple[list[int], list[int]]:
    conn = await asyncpg.connect(url)
    try:
        every = [r["id"] for r in await conn.fetch("SELECT id FROM resources WHERE deleted_at IS NULL ORDER BY id")]
        bookable = [
            r["id"]
            for r in await conn.fetch("""
            SELECT id FROM resources r
            WHERE deleted_at IS NULL AND status = 'available' AND hours_key = '' AND NOT requires_approval AND rules = '{}'::jsonb
              AND NOT EXISTS (SELECT 1 FROM blackout_dates b WHERE b.resource_id = r.id)
            ORDER BY id
        """)
        ]
    finally:
        await conn.close()
    return every, bookable


async def resources(
    bench: Bench, http: httpx.AsyncClient, admin: dict[str, str], count: int
) -> tuple[dict[str, Any], list[int], list[int]]:
    say(f"seed: {count} resources by CSV import through the gateway")
    info: dict[str, Any] = {
        "method": "CSV upload through the gateway, then opening hours, blackouts and groups in catalog's database",
        "import": await upload(http, admin, csv_files(0, count, seed=1)),
    }
    await _calendars(bench.db_url("catalog"))
    every, bookable = await _resource_rows(bench.db_url("catalog"))
    # Only those the create scenarios book: 10,000 reads took 440 s on a busy 2-core host.
    info["projection_warm_up_seconds"] = await _warm_projection(http, admin, bookable)
    info.update(count=len(every), bookable_any_time=len(bookable))
    if len(bookable) < SPECIAL + 10:
        raise RuntimeError(f"only {len(bookable)} resources are bookable at any hour; seed more (--resources)")
    return info, every, bookable


async def _clone_users(url: str, template_id: int, count: int, prefix: str) -> list[tuple[int, str]]:
    """`count` copies of the template user (same password hash and roles), new names and ids.
    The column list is read from the table, so the copy follows auth's schema."""
    conn = await asyncpg.connect(url)
    try:
        columns = [
            r["column_name"]
            for r in await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'users' ORDER BY ordinal_position"
            )
        ]
        changed = {
            "username": "$2 || lpad(g::text, 6, '0')",
            "email": "CASE WHEN u.email IS NULL THEN NULL ELSE $2 || lpad(g::text, 6, '0') || '@example.com' END",
            "created_at": "now()",
            "updated_at": "now()",
        }
        kept = [c for c in columns if c != "id"]
        rows = await conn.fetch(
            f"INSERT INTO users ({', '.join(kept)}) SELECT {', '.join(changed.get(c, f'u.{c}') for c in kept)}"
            " FROM users u, generate_series(1, $3) g WHERE u.id = $1 ORDER BY g RETURNING id, username",
            template_id,
            prefix,
            count,
        )
        ids = [r["id"] for r in rows]
        await conn.execute(
            "INSERT INTO user_roles (user_id, role_id) SELECT n.id, ur.role_id FROM unnest($1::bigint[]) AS n(id), user_roles ur WHERE ur.user_id = $2",
            ids,
            template_id,
        )
    finally:
        await conn.close()
    return [(r["id"], r["username"]) for r in rows]


async def _tell_notify(url: str, users: list[tuple[int, str]]) -> None:
    """What notify would have learnt from auth's events: who exists (announcements reach them)."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "INSERT INTO directory_users (user_id, username, roles, is_active) SELECT id, name, ARRAY['user'], true"
            " FROM unnest($1::bigint[], $2::text[]) AS n(id, name) ON CONFLICT (user_id) DO NOTHING",
            [u for u, _ in users],
            [n for _, n in users],
        )
    finally:
        await conn.close()


async def users(
    bench: Bench, http: httpx.AsyncClient, count: int, signed_in: int
) -> tuple[dict[str, Any], list[tuple[int, str]], list[dict[str, str]], list[str]]:
    """`signed_in` users registered and signed in through the gateway (their figures are the
    registration and sign-in latencies), the rest cloned in auth's database."""
    signed_in = max(1, min(count, signed_in))
    say(
        f"seed: {count} users ({signed_in} registered and signed in through the gateway, the rest cloned in auth's database)"
    )
    prefix = f"b{uuid.uuid4().hex[:6]}"
    registered: list[tuple[int, str]] = []
    tokens: list[str] = []
    register_s: list[float] = []
    login_s: list[float] = []
    gate = asyncio.Semaphore(4)

    async def one(n: int) -> None:
        name = f"{prefix}api{n:05d}"
        async with gate:
            began = time.perf_counter()
            made = await http.post("/api/v1/register", json={"username": name, "password": PASSWORD}, timeout=60)
            register_s.append(time.perf_counter() - began)
            made.raise_for_status()
            began = time.perf_counter()
            token = await http.post("/api/v1/token", data={"username": name, "password": PASSWORD}, timeout=60)
            login_s.append(time.perf_counter() - began)
            token.raise_for_status()
        registered.append((int(made.json()["id"]), name))
        tokens.append(str(token.json()["access_token"]))

    started = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(one(n) for n in range(signed_in))), timeout=600)
    api_seconds = time.perf_counter() - started
    order = sorted(range(len(registered)), key=lambda k: registered[k][0])
    registered, tokens = [registered[k] for k in order], [tokens[k] for k in order]
    cloned: list[tuple[int, str]] = []
    if count > signed_in:
        cloned = await _clone_users(bench.db_url("auth"), registered[0][0], count - signed_in, f"{prefix}sql")
        await _tell_notify(bench.db_url("notify"), cloned)
    info = {
        "count": len(registered) + len(cloned),
        "through_gateway": len(registered),
        "cloned_in_database": len(cloned),
        "register_latency_c4": figures(register_s, api_seconds).latency(),
        "login_latency_c4": figures(login_s, api_seconds).latency(),
    }
    return info, registered + cloned, [bearer(t) for t in tokens], tokens


async def reservations(
    bench: Bench, rows: int, resource_ids: list[int], owners: list[tuple[int, str]]
) -> dict[str, Any]:
    """`rows` reservations INSERTed straight into booking's table (not through the API): slots
    from 60 days ago to 30 days ahead (more rows, closer slots), each slot holding the same
    number of reservations, at most one per resource (row i: slot i % slots, resource
    i / slots), starts staggered by resource (0-9 hours into the slot, by blocks of ten resources,
    so the stagger is independent of the id patterns of opening hours and blackouts), past ones
    completed/cancelled/no-show, future ones 80 % confirmed; owners round-robin."""
    if rows <= 0:
        return {"rows": 0}
    say(f"seed: {rows} reservations by INSERT ... SELECT into booking's database")
    count = len(resource_ids)
    slots = -(-rows // count)
    step_hours = max(11, FILL_SPAN_HOURS // slots)
    # Slots in the middle of their step: with few of them, some are still ahead.
    first = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(
        days=FILL_FROM_DAYS, hours=step_hours // 2
    )
    until = first + timedelta(hours=(slots - 1) * step_hours + 10)
    if until > datetime.now(UTC) + timedelta(days=CREATE_AFTER_DAYS - 10):
        raise RuntimeError(
            f"{rows} reservations over {count} resources would reach {until:%Y-%m-%d}; seed more resources"
        )
    conn = await asyncpg.connect(bench.db_url("booking"))
    catalog = await asyncpg.connect(bench.db_url("catalog"))
    try:
        named = {
            r["id"]: (r["name"], r["timezone"])
            for r in await catalog.fetch(
                "SELECT id, name, timezone FROM resources WHERE id = ANY($1::bigint[])", resource_ids
            )
        }
        started = time.perf_counter()
        await conn.execute(
            """
            INSERT INTO reservations (user_id, username, resource_id, resource_name, timezone, start_time, end_time,
                                      occupied_start, occupied_end, status, created_at, updated_at)
            SELECT ($1::bigint[])[1 + i % $2], ($3::text[])[1 + i % $2],
                   ($4::bigint[])[1 + r.j], ($6::text[])[1 + r.j], ($7::text[])[1 + r.j],
                   t.s, t.s + interval '1 hour', t.s, t.s + interval '1 hour',
                   CASE WHEN t.s < now() THEN (ARRAY['completed','completed','completed','cancelled','no_show'])[1 + (r.j + r.k) % 5]
                        ELSE (ARRAY['confirmed','confirmed','confirmed','confirmed','cancelled'])[1 + (r.j + r.k) % 5] END,
                   least(t.s, now()) - interval '3 days', least(t.s, now()) - interval '3 days'
            FROM generate_series(0, $8::int - 1) AS i,
                 LATERAL (SELECT (i / $11) % $5 AS j, i % $11 AS k) AS r,
                 LATERAL (SELECT $9::timestamptz + r.k * make_interval(hours => $10) + (r.j / 10 % 10) * interval '1 hour' AS s) AS t
            """,
            [u for u, _ in owners],
            len(owners),
            [n for _, n in owners],
            resource_ids,
            count,
            [named[r][0] for r in resource_ids],
            [named[r][1] for r in resource_ids],
            rows,
            first,
            step_hours,
            slots,
        )
        inserted = time.perf_counter() - started
        await conn.execute("VACUUM ANALYZE reservations")
        total = await conn.fetchval("SELECT count(*) FROM reservations")
    finally:
        await conn.close()
        await catalog.close()
    return {
        "rows": rows,
        "table_rows": total,
        "method": "INSERT ... SELECT into booking's database (not through the API)",
        "insert_seconds": round(inserted, 1),
        "with_vacuum_analyze_seconds": round(time.perf_counter() - started, 1),
        "resources": count,
        "owners": len(owners),
        "slot_step_hours": step_hours,
        "first_slot": first.isoformat(),
        "until": until.isoformat(),
    }


async def everything(
    bench: Bench, http: httpx.AsyncClient, n_resources: int, n_users: int, reserved_users: int, signed_in: int
) -> Seeded:
    admin_token = await sign_up(http, admin=True)
    admin = bearer(admin_token)
    info: dict[str, Any] = {}
    started = time.perf_counter()
    info["resources"], every, bookable = await resources(bench, http, admin, n_resources)
    info["users"], all_users, pool, tokens = await users(bench, http, n_users, signed_in)
    pool_ids = [u for u, _ in all_users[: len(pool)]]
    reserved = all_users[len(pool) :][-reserved_users:] if len(all_users) - len(pool) >= reserved_users else []
    info["seconds"] = round(time.perf_counter() - started, 1)
    return Seeded(
        admin_token,
        admin,
        Minter(bench, tokens[0]),
        every,
        bookable,
        bookable[:SPECIAL],
        pool,
        pool_ids,
        all_users,
        reserved,
        info,
    )
