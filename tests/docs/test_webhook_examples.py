"""The webhook receivers of the integrators' guide (docs/integrators/examples/), in Python and in
JavaScript, run as the guide says against a real delivery: a booking on the stack reaches each of
them through notify, signed, and they accept it; forged, tampered and replayed requests are refused."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from rr_devstack.ports import free_port
from rr_notify.webhooks.signing import signature_header
from tests.e2e.support import Session, sign_up_and_in, slot
from tests.e2e.support_notify import eventually

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "integrators" / "examples"
RECEIVERS = {
    "python": [sys.executable, str(EXAMPLES / "webhook_receiver.py")],
    "javascript": ["node", str(EXAMPLES / "webhook_receiver.mjs")],
}


class Running:
    def __init__(self, process: asyncio.subprocess.Process, url: str) -> None:
        self.process, self.url = process, url

    async def next_event(self, timeout: float = 30) -> dict[str, object]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        assert line, "the receiver exited"
        event: dict[str, object] = json.loads(line)
        return event


async def _listening(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=1) as client:
            await client.get(url)
        return True
    except httpx.TransportError:
        return False


@pytest.fixture(params=sorted(RECEIVERS))
async def hooked(
    request: pytest.FixtureRequest, api: httpx.AsyncClient, admin: Session
) -> AsyncIterator[tuple[Running, str]]:
    program, *args = RECEIVERS[request.param]
    executable = shutil.which(program)
    if executable is None:
        pytest.fail(f"{program} is needed to run the {request.param} example")
    port = free_port()
    url = f"http://127.0.0.1:{port}/hooks/rr"
    created = await api.post(
        "/api/v1/webhooks/", json={"url": url, "events": ["reservation.created"]}, headers=admin.auth
    )
    assert created.status_code == 201, created.text
    hook = created.json()
    process = await asyncio.create_subprocess_exec(
        executable,
        *args,
        env={"WEBHOOK_SECRET": hook["secret"], "PORT": str(port), "PATH": os.environ.get("PATH", "")},
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        await eventually(lambda: _listening(url), timeout=15)
        yield Running(process, url), hook["secret"]
    finally:
        process.terminate()
        await process.wait()
        await api.delete(f"/api/v1/webhooks/{hook['id']}", headers=admin.auth)


async def test_receiver_refuses_what_notify_did_not_sign(hooked: tuple[Running, str]) -> None:
    receiver, secret = hooked
    body = json.dumps({"type": "reservation.created", "subject": "rr.booking.reservation.created", "data": {}}).encode()
    old = int(time.time()) - 3600
    attempts = {
        "no signature": {},
        "another secret": {"X-RR-Signature": signature_header("whsec_not-the-secret", body)},
        "a replay an hour old": {"X-RR-Signature": signature_header(secret, body, timestamp=old)},
        "a tampered body": {"X-RR-Signature": signature_header(secret, body.replace(b"created", b"cancelled"))},
        "garbage": {"X-RR-Signature": "t=abc,v1=zz"},
    }
    async with httpx.AsyncClient(timeout=5) as client:
        for what, headers in attempts.items():
            answer = await client.post(
                receiver.url, content=body, headers={"Content-Type": "application/json", **headers}
            )
            assert answer.status_code == 401, what
        signed = await client.post(
            receiver.url,
            content=body,
            headers={"X-RR-Signature": signature_header(secret, body), "X-RR-Delivery": "probe"},
        )
        assert signed.status_code == 204
    assert (await receiver.next_event(timeout=5))["delivery"] == "probe"


async def test_receiver_accepts_a_real_delivery(
    hooked: tuple[Running, str], api: httpx.AsyncClient, admin: Session
) -> None:
    receiver, _ = hooked
    room = await api.post(
        "/api/v1/resources",
        json={"name": f"Hook room {uuid.uuid4().hex[:8]}", "tags": ["room"], "capacity": 4, "timezone": "Europe/Paris"},
        headers=admin.auth,
    )
    assert room.status_code == 201, room.text
    user = await sign_up_and_in(api)
    start, end = slot(days=9)
    booked = await api.post(
        "/api/v1/reservations",
        json={"resource_id": room.json()["id"], "start_time": start, "end_time": end},
        headers=user.auth,
    )
    assert booked.status_code == 201, booked.text

    event = await receiver.next_event()
    assert (event["type"], event["subject"]) == ("reservation.created", "rr.booking.reservation.created")
    data = event["data"]
    assert isinstance(data, dict) and data["reservation"]["id"] == str(booked.json()["id"])
