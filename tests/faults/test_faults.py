"""Real processes stopped and killed while users work: nothing is lost, nothing is doubled,
nobody waits forever."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.e2e.support import Session, sign_up_and_in, slot
from tests.e2e.support_catalog import served_from_cache
from tests.e2e.support_notify import eventually, gateway_replica, signed_in_socket


async def new_room(api: httpx.AsyncClient, admin: Session) -> int:
    answer = await api.post(
        "/api/v1/resources", json={"name": f"Fault room {uuid.uuid4().hex[:8]}"}, headers=admin.auth
    )
    assert answer.status_code == 201, answer.text
    return int(answer.json()["id"])


async def book(api: httpx.AsyncClient, who: Session, room: int, day: int, hour: int = 9) -> httpx.Response:
    start, end = slot(days=day, hour=hour)
    return await api.post(
        "/api/v1/reservations", json={"resource_id": room, "start_time": start, "end_time": end}, headers=who.auth
    )


async def notifications_of(api: httpx.AsyncClient, who: Session) -> list[dict[str, object]]:
    page = await api.get("/api/v1/notifications?limit=100", headers=who.auth)
    assert page.status_code == 200, page.text
    return list(page.json()["data"])


async def settle(api: httpx.AsyncClient, who: Session, expected: int, timeout: float = 30) -> list[dict[str, object]]:
    """Wait until `expected` notifications arrived, then a little longer to catch duplicates."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len(await notifications_of(api, who)) < expected:
        await asyncio.sleep(0.25)
    await asyncio.sleep(1.5)
    return await notifications_of(api, who)


async def wait_ready(api: httpx.AsyncClient, timeout: float = 30) -> None:
    """Every part answers again through the gateway's own channels (plain /ready stays 200 while
    one upstream is down: the gateway is only degraded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (await api.get("/ready", params={"all": "true"})).status_code == 200:
            return
        await asyncio.sleep(0.2)
    pytest.fail("the stack did not become ready again")


async def test_nats_outage_loses_nothing_and_doubles_nothing(
    api: httpx.AsyncClient, admin: Session, rr_stack: Stack
) -> None:
    who = await sign_up_and_in(api, "outage")
    room = await new_room(api, admin)
    rr_stack.infra.stop_nats()
    try:
        made = [await book(api, who, room, day=30 + i) for i in range(8)]
        assert [m.status_code for m in made] == [201] * 8, "users see no error while NATS is down"
        for m in made[:3]:
            cancelled = await api.post(f"/api/v1/reservations/{m.json()['id']}/cancel", headers=who.auth)
            assert cancelled.status_code == 200
        await asyncio.sleep(10)  # an outage of more than ten seconds
    finally:
        rr_stack.infra.start_nats()
    notes = await settle(api, who, expected=11)
    kinds = sorted(str(n["type"]) for n in notes)
    assert kinds == ["reservation_cancelled"] * 3 + ["reservation_confirmed"] * 8
    subjects = [(n["type"], n["subject_id"]) for n in notes]
    assert len(subjects) == len(set(subjects)), "each event became exactly one notification"


async def test_a_consumer_killed_mid_stream_changes_nothing_on_redelivery(
    api: httpx.AsyncClient, admin: Session, rr_stack: Stack
) -> None:
    who = await sign_up_and_in(api, "redeliver")
    room = await new_room(api, admin)
    burst = asyncio.gather(*(book(api, who, room, day=60 + i) for i in range(20)))
    await asyncio.sleep(0.3)
    rr_stack.kill("notify")  # SIGKILL: whatever it committed but did not ack comes back
    answers = await burst
    assert all(a.status_code == 201 for a in answers)
    rr_stack.start("notify")
    notes = await settle(api, who, expected=20)
    assert len(notes) == 20
    assert len({n["subject_id"] for n in notes}) == 20


async def test_booking_killed_mid_load_answers_fast_and_keeps_every_201(
    api: httpx.AsyncClient, admin: Session, rr_stack: Stack
) -> None:
    users = [await sign_up_and_in(api, "load") for _ in range(4)]
    room = await new_room(api, admin)
    outcomes: list[tuple[int, float, int | None]] = []

    async def worker(k: int) -> None:
        for i in range(12):
            began = time.monotonic()
            answer = await book(api, users[k], room, day=90 + k * 12 + i)
            rid = answer.json().get("id") if answer.status_code == 201 else None
            outcomes.append((answer.status_code, time.monotonic() - began, rid))

    load = asyncio.gather(*(worker(k) for k in range(4)))
    await asyncio.sleep(0.5)
    rr_stack.kill("booking")
    await asyncio.sleep(1.0)
    rr_stack.start("booking")
    await load
    codes = {code for code, _, _ in outcomes}
    assert codes <= {201, 503, 504}, f"only success or a clear 'try again': {codes}"
    assert max(took for _, took, _ in outcomes) < 8, "no request hangs past its deadline"
    created = {rid for _, _, rid in outcomes if rid is not None}
    assert created, "some bookings went through"
    await wait_ready(api)
    seen: list[int] = []
    for who in users:
        mine = await api.get("/api/v1/reservations/my?limit=100", headers=who.auth)
        seen += [r["id"] for r in mine.json()["data"]]
    assert created <= set(seen), "every reservation that got a 201 exists"
    assert len(seen) == len(set(seen))


async def test_sigterm_under_load_drains_cleanly(api: httpx.AsyncClient, admin: Session, rr_stack: Stack) -> None:
    """SIGTERM mid-load: the service drains and exits 0; clients only ever see a success or a
    clear 'try again' (requests cut off mid-way would be 500s or hangs)."""
    await wait_ready(api)
    who = await sign_up_and_in(api, "drain")
    room = await new_room(api, admin)
    answers: list[int] = []

    async def client(k: int) -> None:
        for i in range(8):
            answers.append((await book(api, who, room, day=150 + k * 8 + i)).status_code)

    load = asyncio.gather(*(client(k) for k in range(4)))
    await asyncio.sleep(0.4)
    exit_code = await asyncio.to_thread(rr_stack.stop, "booking")
    rr_stack.start("booking")
    await load
    assert exit_code == 0, "booking drained and exited cleanly on SIGTERM"
    assert set(answers) <= {201, 503}, answers
    assert answers.count(201) > 0
    await wait_ready(api)


async def test_postgres_restart_is_survived_without_operator_help(
    api: httpx.AsyncClient, admin: Session, rr_stack: Stack
) -> None:
    await wait_ready(api)
    who = await sign_up_and_in(api, "pgrestart")
    room = await new_room(api, admin)
    assert (await book(api, who, room, day=200)).status_code == 201
    rr_stack.infra.restart_postgres()
    # Pooled connections died with the server; pre-ping replaces them on first use.
    answer = await book(api, who, room, day=201)
    assert answer.status_code == 201, answer.text
    assert (await api.get("/api/v1/users/me", headers=who.auth)).status_code == 200


async def _refused_as_inactive(client: httpx.AsyncClient, who: Session) -> bool:
    answer = await client.get("/api/v1/reservations/my", headers=who.auth)
    return (answer.status_code, answer.json().get("code")) == (403, "account_inactive")


async def _deactivate(api: httpx.AsyncClient, admin: Session, who: Session) -> None:
    done = await api.post(f"/api/v1/auth/admin/users/{who.user_id}/deactivate", headers=admin.auth)
    assert done.status_code == 200, done.text


async def _checks(api: httpx.AsyncClient) -> dict[str, str]:
    return dict((await api.get("/ready")).json()["checks"])


@pytest.mark.parametrize("fault", ["pause", "kill"])
async def test_nats_faults_under_load_keep_deactivations_and_events(
    fault: str, api: httpx.AsyncClient, admin: Session, rr_stack: Stack
) -> None:
    """NATS stalled for 15 s (SIGSTOP) or crashed and restarted while users book: afterwards a
    deactivation still takes effect on every gateway replica within 5 s, a deactivation made during
    the fault is honoured too, and every reservation made meanwhile has exactly one notification."""
    await wait_ready(api)
    who = await sign_up_and_in(api, f"nf{fault}")
    during, after = await sign_up_and_in(api, f"nfd{fault}"), await sign_up_and_in(api, f"nfa{fault}")
    room = await new_room(api, admin)
    async with gateway_replica(rr_stack) as other_url, httpx.AsyncClient(base_url=other_url, timeout=20) as other:
        gateways = [api, other]
        made: list[int] = []
        stop = asyncio.Event()

        async def load() -> None:
            day = 300 if fault == "pause" else 400
            while not stop.is_set():
                answer = await book(api, who, room, day=day)
                assert answer.status_code == 201, answer.text
                made.append(int(answer.json()["id"]))
                day += 1
                await asyncio.sleep(0.4)

        booking = asyncio.create_task(load())
        try:
            await asyncio.sleep(1)
            if fault == "pause":
                rr_stack.infra.pause_nats()
            else:
                rr_stack.infra.kill_nats()
            try:
                # The replica stops vouching for accounts and says so, yet security holds: a
                # deactivation made now is refused by asking auth.
                await eventually(lambda: _account_feed_down(api), timeout=8)
                await _deactivate(api, admin, during)
                for gateway in gateways:
                    await eventually(lambda g=gateway: _refused_as_inactive(g, during), timeout=5)  # type: ignore[misc]
                await asyncio.sleep(15 - 5 if fault == "pause" else 3)
            finally:
                if fault == "pause":
                    rr_stack.infra.resume_nats()
                else:
                    rr_stack.infra.start_nats()
            await asyncio.sleep(2)
        finally:
            stop.set()
            await booking
        await eventually(lambda: _account_feed_up(api), timeout=20)
        await _deactivate(api, admin, after)
        for gateway in gateways:
            await eventually(lambda g=gateway: _refused_as_inactive(g, after), timeout=5)  # type: ignore[misc]
        # Live pushes resume on both replicas: their NATS subscriptions came back with the connection.
        for k, gateway_url in enumerate((rr_stack.gateway_url, other_url)):
            async with signed_in_socket(gateway_url, who) as socket:
                pushed = await book(api, who, room, day=(500 if fault == "pause" else 520) + k)
                assert pushed.status_code == 201, pushed.text
                made.append(int(pushed.json()["id"]))
                await socket.wait_for("notification", lambda f: f["data"]["subject_id"] == made[-1], timeout=15)
    assert len(made) >= 10, "users kept booking through the fault"
    notes = await settle(api, who, expected=len(made), timeout=60)
    confirmed = [n["subject_id"] for n in notes if n["type"] == "reservation_confirmed"]
    assert sorted(confirmed) == sorted(made), "each reservation has exactly one notification"


async def _account_feed_down(api: httpx.AsyncClient) -> bool:
    return (await _checks(api)).get("account_events") == "down"


async def _account_feed_up(api: httpx.AsyncClient) -> bool:
    return (await _checks(api)).get("account_events") == "ok"


async def test_cached_resources_are_served_and_revalidated_while_catalog_is_down(
    api: httpx.AsyncClient, admin: Session, rr_stack: Stack
) -> None:
    """If-None-Match is answered without catalog: a 304 needs nothing but the gateway's cache."""
    await wait_ready(api)
    who = await sign_up_and_in(api, "cached")
    cached_room, cold_room = await new_room(api, admin), await new_room(api, admin)
    seen = await served_from_cache(api, who, f"/api/v1/resources/{cached_room}", cache="resource")
    await asyncio.to_thread(rr_stack.stop, "catalog")
    try:
        again = await api.get(
            f"/api/v1/resources/{cached_room}", headers={**who.auth, "If-None-Match": seen.headers["etag"]}
        )
        assert again.status_code == 304
        body = await api.get(f"/api/v1/resources/{cached_room}", headers=who.auth)
        assert body.status_code == 200 and body.json() == seen.json()
        cold = await api.get(f"/api/v1/resources/{cold_room}", headers=who.auth)
        assert cold.status_code == 503 and cold.headers["retry-after"], "what is not cached needs catalog, and says so"
    finally:
        await asyncio.to_thread(rr_stack.start, "catalog")
    await wait_ready(api)
