"""Screenshots of the web app for the user and administrator guides, light and dark, taken from the
running app (`make docs-screenshots`; commit the result).

    python tools/docs_screenshots.py

Starts the whole stack on a free port with a fresh data folder (as frontend/e2e/run.sh does,
serving frontend/dist), fills it with a few resources, people and bookings through the API, then
drives Debian's chromium over the DevTools protocol: signs in by seeding the app's session, sets
`prefers-color-scheme`, opens each screen and writes docs/assets/screenshots/<name>-<light|dark>.png.
Needs frontend/dist (`make frontend`) and chromium (CHROMIUM_PATH, default /usr/bin/chromium).
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "assets" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ADMIN, USER = ("admin", "Sup3r-Secret-42"), ("mei.chen", "Wonder-Land-42")
WIDTH, HEIGHT = 1280, 800


@dataclass(frozen=True)
class Screen:
    name: str  # the file name: docs/assets/screenshots/<name>-<scheme>.png
    path: str  # the app's route
    who: tuple[str, str]
    wait_for: str  # text on the page once it has loaded


SCREENS = [
    Screen("resources", "/resources", USER, "Aurora Meeting Room"),
    Screen("resource", "/resources/1", USER, "Aurora Meeting Room"),
    Screen("my-reservations", "/reservations", USER, "Aurora Meeting Room"),
    Screen("notifications", "/notifications", USER, "Aurora Meeting Room"),
    Screen("admin-resources", "/admin/resources", ADMIN, "Chemistry Lab"),
    Screen("admin-approvals", "/admin/approvals", ADMIN, "Chemistry Lab"),
]
SCHEMES = ("light", "dark")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def stack(data_dir: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "RR_GATEWAY_RATE_LIMIT_LOGIN": "1000/minute", "RR_GATEWAY_RATE_LIMIT_ANONYMOUS": "5000/minute"}
    log = (data_dir / "stack.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "rr_devstack", "run", "--port", str(port), "--data-dir", str(data_dir / "rr")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            if process.poll() is not None:
                raise SystemExit(
                    f"the stack exited; see {data_dir / 'stack.log'}:\n" + (data_dir / "stack.log").read_text()[-3000:]
                )
            try:
                if httpx.get(f"{base}/ready?all=true", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the stack was not ready in 240 s")
            time.sleep(0.5)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def seed(api: httpx.Client) -> dict[tuple[str, str], dict[str, Any]]:
    """Resources, a person with bookings, a request waiting for approval; returns each person's tokens."""

    def ok(answer: httpx.Response) -> Any:
        if answer.status_code >= 300:
            raise SystemExit(f"{answer.request.method} {answer.request.url}: {answer.status_code} {answer.text}")
        return answer.json() if answer.content else None

    ok(
        api.post(
            "/api/v1/setup/initialize", json={"username": ADMIN[0], "password": ADMIN[1], "email": "admin@example.com"}
        )
    )
    ok(api.post("/api/v1/register", json={"username": USER[0], "password": USER[1], "email": "mei.chen@example.org"}))
    tokens = {
        who: ok(api.post("/api/v1/token", data={"username": who[0], "password": who[1]})) for who in (ADMIN, USER)
    }
    admin = {"Authorization": f"Bearer {tokens[ADMIN]['access_token']}"}
    user = {"Authorization": f"Bearer {tokens[USER]['access_token']}"}
    rooms = [
        {
            "name": "Aurora Meeting Room",
            "tags": ["room", "projector"],
            "capacity": 8,
            "location": "Building A, floor 2",
            "timezone": "Europe/Berlin",
        },
        {
            "name": "Borealis Board Room",
            "tags": ["room", "video"],
            "capacity": 16,
            "location": "Building A, floor 3",
            "timezone": "Europe/Berlin",
        },
        {
            "name": "Chemistry Lab",
            "tags": ["lab"],
            "capacity": 12,
            "location": "Building C",
            "timezone": "Europe/Berlin",
            "requires_approval": True,
        },
        {"name": "Projector 3", "tags": ["av"], "location": "AV desk", "timezone": "Europe/Berlin"},
    ]
    ids = [ok(api.post("/api/v1/resources", json=room, headers=admin))["id"] for room in rooms]
    monday = (datetime.now(UTC) + timedelta(days=7 - datetime.now(UTC).weekday())).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    slot = {"start_time": monday.isoformat(), "end_time": (monday + timedelta(hours=1)).isoformat()}
    ok(
        api.post(
            "/api/v1/reservations", json={"resource_id": ids[0], **slot, "notes": "Quarterly planning"}, headers=user
        )
    )
    tuesday = monday + timedelta(days=1, hours=1)
    ok(
        api.post(
            "/api/v1/reservations/recurring",
            headers=user,
            json={
                "resource_id": ids[1],
                "start_time": tuesday.isoformat(),
                "end_time": (tuesday + timedelta(hours=1)).isoformat(),
                "recurrence": {
                    "frequency": "weekly",
                    "days_of_week": [1],
                    "end_type": "after_occurrences",
                    "occurrence_count": 6,
                },
            },
        )
    )
    ok(
        api.post(
            "/api/v1/reservations",
            json={
                "resource_id": ids[2],
                "start_time": (monday + timedelta(days=2)).isoformat(),
                "end_time": (monday + timedelta(days=2, hours=3)).isoformat(),
                "notes": "Titration practical",
            },
            headers=user,
        )
    )
    time.sleep(3)  # the bookings' events reach notify
    return tokens


class Browser:
    """One chromium page over the DevTools protocol."""

    def __init__(self, profile: Path) -> None:
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.is_file() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"chromium ({CHROMIUM}) did not start")
            time.sleep(0.2)
        port = port_file.read_text().split()[0]
        page = next(t for t in httpx.get(f"http://127.0.0.1:{port}/json/list").json() if t["type"] == "page")
        self.exits = ExitStack()
        self.ws: ClientConnection = self.exits.enter_context(connect(page["webSocketDebuggerUrl"], max_size=None))
        self.ids = itertools.count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=60))
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def evaluate(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True).get("result", {}).get("value")

    def open(self, url: str, wait_for: str) -> None:
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 30
        ready = (
            f"document.readyState === 'complete' && document.body.innerText.includes({json.dumps(wait_for)})"
            " && !document.body.innerText.includes('Loading')"
        )
        while not self.evaluate(ready):
            if time.monotonic() > deadline:
                raise SystemExit(f"{url}: still loading, or {wait_for!r} never appeared")
            time.sleep(0.3)
        time.sleep(1.0)  # lazy chunks, fonts and the last query settle

    def close(self) -> None:
        self.exits.close()
        self.process.terminate()
        self.process.wait(10)


def main() -> int:
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        sys.stderr.write("frontend/dist is missing: run `make frontend` first\n")
        return 2
    if not Path(CHROMIUM).is_file():
        sys.stderr.write(f"{CHROMIUM} is missing: install Debian's chromium (or set CHROMIUM_PATH)\n")
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="rr-docs-shots-"))
    try:
        with stack(work) as base, httpx.Client(base_url=base, timeout=30) as api:
            tokens = seed(api)
            browser = Browser(work / "chromium")
            try:
                browser.call("Page.enable")
                browser.call(
                    "Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False
                )
                browser.call("Emulation.setTimezoneOverride", timezoneId="Europe/Berlin")
                browser.call("Emulation.setLocaleOverride", locale="en-US")
                for scheme in SCHEMES:
                    browser.call(
                        "Emulation.setEmulatedMedia",
                        features=[
                            {"name": "prefers-color-scheme", "value": scheme},
                            {"name": "prefers-reduced-motion", "value": "reduce"},
                        ],
                    )
                    for screen in SCREENS:
                        t = tokens[screen.who]
                        session = {
                            "accessToken": t["access_token"],
                            "refreshToken": t["refresh_token"],
                            "expiresAt": int(time.time() + t["expires_in"]) * 1000,
                        }
                        browser.open(f"{base}/signin", "")  # the app's origin, to reach its storage
                        browser.evaluate(
                            f"localStorage.clear(); localStorage.setItem('rr.session', {json.dumps(json.dumps(session))})"
                        )
                        browser.open(base + screen.path, screen.wait_for)
                        shot = browser.call("Page.captureScreenshot", format="png")
                        target = OUT / f"{screen.name}-{scheme}.png"
                        target.write_bytes(base64.b64decode(shot["data"]))
                        print(f"wrote {target.relative_to(ROOT)}")
            finally:
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
