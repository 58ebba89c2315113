"""Every curl example of the guides, run as written against the stack, page by page in the order of
the page: `$API` is the stack's, `$ADMIN` an administrator's token, `$TOKEN` alice's, `$REFRESH`
her refresh token, `$CLIENT_ID`/`$CLIENT_SECRET` an OAuth2 client's. The ids in the examples
(resource 3, reservation 42, ...) may not exist here, so a 404 passes; what fails is an answer that
says the example itself is wrong: refused as malformed (`validation_failed`), forbidden for the
token the example uses, a method the path does not have, or a server error."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import httpx
import pytest

from rr_devstack.stack import Stack
from tests.docs.support import ALICE, ensure_example_objects
from tests.docs.test_guide_examples import CURLS, Example
from tests.e2e.support import Session

STATUS = "@@status "
WRAPPER = f"curl() {{ command curl -sS -w '\\n{STATUS}%{{http_code}}\\n' \"$@\"; }}\n"
PAGES = sorted({e.page for e in CURLS})


@pytest.fixture(scope="module")
async def shell_env(
    rr_stack: Stack, api: httpx.AsyncClient, admin: Session, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    with httpx.Client(base_url=rr_stack.gateway_url, timeout=15) as sync_api:
        ensure_example_objects(sync_api)
    alice = await api.post("/api/v1/token", data={"username": ALICE[0], "password": ALICE[1]})
    assert alice.status_code == 200, alice.text
    client = await api.post(
        "/api/v1/oauth/clients",
        json={"client_name": "docs-examples", "scope": "reservations:read_all"},
        headers=admin.auth,
    )
    assert client.status_code == 201, client.text
    folder = tmp_path_factory.mktemp("examples")
    (folder / "resources.csv").write_text("name,tags,available\nExample hall,room,true\n")
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(folder),
        "API": f"{rr_stack.gateway_url}/api/v1",
        "ADMIN": admin.token,
        "TOKEN": alice.json()["access_token"],
        "REFRESH": alice.json()["refresh_token"],
        "CLIENT_ID": client.json()["client_id"],
        "CLIENT_SECRET": client.json()["client_secret"],
    }


def problem(example: Example, status: int, body: str) -> str | None:
    """Why this answer shows the example is wrong (None when it is fine)."""
    try:
        code = json.loads(body).get("code", "") if body.strip().startswith("{") else ""
    except ValueError:
        code = ""
    if status == 0 or status >= 500:
        return f"HTTP {status}"
    if status == 405:
        return "the path has no such method"
    if status == 403:
        return "the token the example uses may not do this"
    if status == 401 and "/token" not in example.line:
        return "the example's token is refused"
    if status == 422 and code == "validation_failed":
        return f"refused as malformed: {body[:300]}"
    return None


async def run(example: Example, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        "bash",
        "-c",
        WRAPPER + example.line,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    text = out.decode(errors="replace")
    body, _, status = text.rpartition(STATUS)
    assert status.strip().isdigit(), f"{example}: no answer ({err.decode()[-300:]})"
    return int(status.strip()), body


@pytest.mark.parametrize("page", PAGES)
async def test_the_curl_examples_of_a_page_run_against_the_stack(page: str, shell_env: dict[str, str]) -> None:
    failures = []
    for example in (e for e in CURLS if e.page == page):
        status, body = await run(example, shell_env, Path(shell_env["HOME"]))
        if (why := problem(example, status, body)) is not None:
            failures.append(f"{example.line}\n    -> {status}: {why}")
    assert failures == [], f"{page}:\n" + "\n".join(failures)
