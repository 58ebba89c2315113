"""The guides' shell scripts (more than one curl or rr line: loops, variables, other tools), run
as written against the stack and checked for what each promises: the idempotency retry creates
one reservation, the paging loop lists every reservation once, the backup loop writes a dump per
service that pg_restore reads back. `make` lines are the project's own commands, run by CI itself."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest

from rr_devstack.infra import Infra
from rr_devstack.postgres import bin_dir
from rr_devstack.stack import Stack
from tests.docs.support import ALICE, ensure_example_objects
from tests.docs.test_getting_started import documents
from tests.docs.test_guide_examples import DOCS, FENCE
from tests.e2e.support import Session


def script(page: str, marker: str) -> str:
    """The bash block of `page` that contains `marker`."""
    blocks = [
        m.group("body") for m in FENCE.finditer((DOCS / page).read_text(encoding="utf-8")) if marker in m.group("body")
    ]
    assert len(blocks) == 1, f"{page}: one bash block with {marker!r}"
    return blocks[0]


async def bash(text: str, env: dict[str, str], cwd: Path) -> str:
    process = await asyncio.create_subprocess_exec(
        "bash",
        "-e",
        "-o",
        "pipefail",
        "-c",
        text,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, f"{out.decode()}\n{err.decode()}"
    return out.decode()


@pytest.fixture(scope="module")
async def alice(rr_stack: Stack, api: httpx.AsyncClient, admin: Session) -> dict[str, str]:
    with httpx.Client(base_url=rr_stack.gateway_url, timeout=15) as sync_api:
        ensure_example_objects(sync_api)
    answer = await api.post("/api/v1/token", data={"username": ALICE[0], "password": ALICE[1]})
    assert answer.status_code == 200, answer.text
    headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    # The quota guide's examples (run before these) limit users to 90 days ahead and 20 bookings;
    # these scripts book years ahead, so alice gets no limits of her own.
    me = (await api.get("/api/v1/users/me", headers=headers)).json()["id"]
    unlimited = {"max_active_reservations": 0, "max_hours_per_week": 0, "max_advance_days": 0}
    lifted = await api.patch(f"/api/v1/quotas/users/{me}", json=unlimited, headers=admin.auth)
    assert lifted.status_code == 200, lifted.text
    return headers


def shell_env(stack: Stack, headers: dict[str, str], home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "API": f"{stack.gateway_url}/api/v1",
        "TOKEN": headers["Authorization"][7:],
    }


async def my_reservations(api: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, object]]:
    found, cursor = [], None
    while True:
        page = (
            await api.get(
                "/api/v1/reservations/my",
                params={"limit": 100, **({"cursor": cursor} if cursor else {})},
                headers=headers,
            )
        ).json()
        found += page["data"]
        if not (cursor := page["next_cursor"]):
            return found


async def test_the_idempotency_retry_books_once(
    rr_stack: Stack, api: httpx.AsyncClient, alice: dict[str, str], tmp_path: Path
) -> None:
    text = script("integrators/errors.md", "Idempotency-Key")
    # The slot the script books is free (other pages' examples may have taken it for alice).
    for r in await my_reservations(api, alice):
        if r["resource_id"] == 1 and r["status"] in ("confirmed", "pending_approval"):
            await api.post(f"/api/v1/reservations/{r['id']}/cancel", json={}, headers=alice)
    answers = documents(await bash(text, shell_env(rr_stack, alice, tmp_path), tmp_path))
    assert len(answers) == 2 and answers[0] == answers[1], answers
    assert isinstance(answers[0], dict) and answers[0].get("status") == "confirmed", answers[0]
    booked = [r for r in await my_reservations(api, alice) if r["resource_id"] == 1 and r["status"] == "confirmed"]
    assert [r["id"] for r in booked] == [answers[0]["id"]], "the retry booked a second time"


async def test_the_paging_loop_lists_every_reservation_once(
    rr_stack: Stack, api: httpx.AsyncClient, alice: dict[str, str], tmp_path: Path
) -> None:
    made = [
        await api.post(
            "/api/v1/reservations",
            json={
                "resource_id": 2,
                "start_time": f"2031-03-{day:02d}T09:00:00Z",
                "end_time": f"2031-03-{day:02d}T10:00:00Z",
            },
            headers=alice,
        )
        for day in range(1, 4)
    ]
    assert all(m.status_code in (201, 409) for m in made), [m.text for m in made]
    printed = (
        await bash(script("integrators/pagination.md", "next_cursor"), shell_env(rr_stack, alice, tmp_path), tmp_path)
    ).split()
    ids = [int(word) for word in printed[::2]]
    assert sorted(ids) == sorted(int(str(r["id"])) for r in await my_reservations(api, alice)) and len(ids) == len(
        set(ids)
    ), printed


async def test_the_backup_loop_writes_a_dump_per_service_that_restores(
    rr_stack: Stack, rr_infra: Infra, tmp_path: Path
) -> None:
    text = script("operators/backups.md", "pg_dump")
    base = rr_infra.database_url_for("auth").rsplit("/", 1)[0]
    text = text.replace("postgresql://postgres@db-host/rr_", f"{base}/{rr_infra.db_prefix}")
    assert base in text, "the script names each service's database by its URL"
    # The server's own client tools (a pg_dump older than the server refuses to dump it).
    env = {"PATH": f"{bin_dir()}:{os.environ.get('PATH', '')}", "HOME": str(tmp_path)}
    await bash(text, env, tmp_path)
    dumps = sorted(p.name.split("-")[1] for p in tmp_path.glob("backup-*.dump"))
    assert dumps == sorted(f"{rr_infra.db_prefix}{s}" for s in ("auth", "catalog", "booking", "waitlist", "notify")), (
        dumps
    )
    # The restore step of the page, into a scratch database: the reservations come back.
    scratch = rr_infra.create_database(f"{rr_infra.db_prefix}restored")
    try:
        booking = next(tmp_path.glob(f"backup-{rr_infra.db_prefix}booking-*.dump"))
        await bash(f'pg_restore --clean --if-exists --no-owner --dbname "{scratch}" {booking.name}', env, tmp_path)
        listed = await bash(f'psql "{scratch}" -Atc "SELECT count(*) FROM reservations"', env, tmp_path)
        assert int(listed.strip()) >= 1
    finally:
        rr_infra.drop_database(f"{rr_infra.db_prefix}restored")
