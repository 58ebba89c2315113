"""Every way of taking a slot goes through the same constraint: single bookings, series and
bulk batches racing for one slot leave exactly one reservation on it, round after round."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from tests.e2e.support import Session, sign_up_and_in
from tests.e2e.support_booking import API, new_resource, next_weekday


async def test_singles_series_and_batches_racing_for_a_slot_leave_exactly_one(
    api: httpx.AsyncClient, admin: Session
) -> None:
    room = await new_resource(api, admin)
    racers = [await sign_up_and_in(api, "racer") for _ in range(6)]
    for round_ in range(5):
        start = next_weekday(round_, 11, 4)
        end = start + timedelta(hours=1)
        single = {"resource_id": room["id"], "start_time": start.isoformat(), "end_time": end.isoformat()}
        series = {**single, "recurrence": {"rrule": "FREQ=DAILY;COUNT=2"}}
        batch = {"reservations": [single]}
        calls = []
        for i in range(30):
            who = racers[i % len(racers)].auth
            if i % 3 == 0:
                calls.append(api.post(f"{API}/reservations", json=single, headers=who))
            elif i % 3 == 1:
                calls.append(api.post(f"{API}/reservations/recurring", json=series, headers=who))
            else:
                calls.append(api.post(f"{API}/bulk/reservations", json=batch, headers=who))
        answers = await asyncio.gather(*calls)
        assert all(a.status_code in (200, 201, 409) for a in answers), [a.status_code for a in answers]
        on_slot = await api.get(
            f"{API}/reservations",
            params={"resource_id": room["id"], "from": start.isoformat(), "to": end.isoformat(), "status": "confirmed"},
            headers=admin.auth,
        )
        assert len(on_slot.json()["data"]) == 1, f"round {round_}: {on_slot.json()['data']}"
