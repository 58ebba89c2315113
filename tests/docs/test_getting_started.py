"""The curl walk-through of docs/getting-started.md, run as written against the stack: the
administrator, a resource, a person who signs up and in, a booking, the notifications."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import httpx

from rr_devstack.stack import Stack
from tests.docs.test_guide_examples import DOCS, FENCE
from tests.e2e.support_notify import eventually


def walkthrough() -> str:
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    section = text.split("## First steps", 1)[1].split("\n## ", 1)[0]
    scripts = [m.group("body") for m in FENCE.finditer(section) if "curl" in m.group("body")]
    assert len(scripts) == 1, "docs/getting-started.md: one curl walk-through under 'First steps'"
    return scripts[0]


def documents(output: str) -> list[Any]:
    """The JSON answers curl printed back to back."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while at < len(output):
        if output[at].isspace():
            at += 1
            continue
        value, at = decoder.raw_decode(output, at)
        found.append(value)
    return found


async def test_the_getting_started_walkthrough_works_as_written(rr_stack: Stack, api: httpx.AsyncClient) -> None:
    script = walkthrough().replace("http://127.0.0.1:8000", rr_stack.gateway_url)
    assert rr_stack.gateway_url in script
    process = await asyncio.create_subprocess_exec(
        "bash", "-e", "-o", "pipefail", "-c", script, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, f"{out.decode()}\n{err.decode()}"
    answers = documents(out.decode())
    registered = next(a for a in answers if isinstance(a, dict) and a.get("username") == "alice")
    booked = next(a for a in answers if isinstance(a, dict) and "resource_id" in a and "start_time" in a)
    assert booked["status"] == "confirmed" and booked["user_id"] == registered["id"], booked
    assert re.match(r"2030-01-15T08:00:00(Z|\+00:00)", booked["start_time"]), booked
    assert isinstance(answers[-1], dict) and "data" in answers[-1], "the last answer is alice's notifications page"

    # What the page promises: the booking's event reaches notify, and alice is told.
    signed_in = await api.post("/api/v1/token", data={"username": "alice", "password": "Wonder-Land-42"})
    assert signed_in.status_code == 200, signed_in.text
    alice = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}

    async def notified() -> bool:
        page = (await api.get("/api/v1/notifications", headers=alice)).json()
        return any(n["type"] == "reservation_confirmed" for n in page["data"])

    await eventually(notified)
