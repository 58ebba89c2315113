"""CSV import and export through the gateway: the original format, modes, reports with line
numbers, all-or-nothing, files that are not CSV, the size limit, and formula-safe export."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid

import httpx

from tests.e2e.support import Session
from tests.e2e.support_catalog import API, new_resource, upload


def tag() -> str:
    return f"csv-{uuid.uuid4().hex[:8]}"


async def names_tagged(api: httpx.AsyncClient, who: Session, label: str) -> list[str]:
    answer = await api.get(
        f"{API}/resources", params={"tags": label, "sort_by": "name", "limit": 100}, headers=who.auth
    )
    return [r["name"] for r in answer.json()["data"]]


async def test_original_format_imports(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    label = tag()
    content = f'name,tags,available\nA {label},{label};projector,true\nB {label},"{label},screen",false\n'.encode()
    answer = await upload(api, admin, content)
    assert answer.status_code == 200, answer.text
    assert {k: answer.json()[k] for k in ("created", "updated", "skipped", "error_count", "applied")} == {
        "created": 2,
        "updated": 0,
        "skipped": 0,
        "error_count": 0,
        "applied": True,
    }
    found = (await api.get(f"{API}/resources", params={"tags": label, "sort_by": "name"}, headers=user.auth)).json()[
        "data"
    ]
    assert [(r["name"], r["tags"], r["available"]) for r in found] == [
        (f"A {label}", [label, "projector"], True),
        (f"B {label}", [label, "screen"], False),
    ]


async def test_row_errors_reject_the_whole_file_with_line_numbers(api: httpx.AsyncClient, admin: Session) -> None:
    label = tag()
    taken = await new_resource(api, admin)
    content = "\n".join(
        [
            "name,tags,available,capacity,timezone",
            f"ok {label},{label},true,3,Europe/Oslo",
            f"neg {label},{label},true,-2,",
            f"dup {label},{label},true,,",
            f"DUP {label},{label},true,,",
            f"{taken['name']},{label},true,,",
            f"tz {label},{label},true,,Nowhere/City",
        ]
    ).encode()
    answer = await upload(api, admin, content)
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "import_rejected" and body["applied"] is False and body["error_count"] == 4
    assert [e["line"] for e in body["errors"]] == [3, 5, 6, 7]
    assert await names_tagged(api, admin, label) == []
    partial = await upload(api, admin, content, partial="true")
    assert partial.status_code == 200 and partial.json()["created"] == 2
    assert await names_tagged(api, admin, label) == [f"dup {label}", f"ok {label}"]


async def test_upsert_and_dry_run(api: httpx.AsyncClient, admin: Session) -> None:
    label = tag()
    await new_resource(api, admin, name=f"keep {label}", tags=[label], capacity=2)
    content = f"name,tags,available,capacity\nkeep {label},{label},true,9\nnew {label},{label},true,1\n".encode()
    dry = await upload(api, admin, content, mode="upsert", dry_run="true")
    assert dry.status_code == 200 and (dry.json()["created"], dry.json()["updated"], dry.json()["applied"]) == (
        1,
        1,
        False,
    )
    assert await names_tagged(api, admin, label) == [f"keep {label}"]
    real = await upload(api, admin, content, mode="upsert")
    assert (real.json()["created"], real.json()["updated"], real.json()["applied"]) == (1, 1, True)
    again = await upload(api, admin, content, mode="upsert")
    assert (again.json()["created"], again.json()["updated"], again.json()["skipped"]) == (0, 0, 2)
    created_only = await upload(api, admin, content)
    assert created_only.status_code == 422 and "already exists" in created_only.json()["errors"][0]["message"]


async def test_files_that_are_not_good_csv_are_refused(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    label = tag()
    cases = {
        "wrong header": (f"title,labels\nx {label},a\n".encode(), "invalid_csv_header"),
        "bad encoding": (
            f"name,tags,available\ncaf\xe9 {label},{label},true\n".encode("latin-1"),
            "invalid_csv_encoding",
        ),
        "binary junk": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "invalid_csv"),
        "empty": (b"", "invalid_csv_header"),
    }
    for name, (content, code) in cases.items():
        answer = await upload(api, admin, content)
        assert answer.status_code == 422 and answer.json()["code"] == code, (name, answer.text)
    assert await names_tagged(api, admin, label) == []
    assert (await upload(api, user, b"name,tags,available\n")).status_code == 403


async def test_a_50_mb_file_is_413_before_it_is_read(api: httpx.AsyncClient, admin: Session) -> None:
    """Raw HTTP, as a browser would send it: the gateway answers from the declared length and
    closes, so a client library would only see the broken pipe of the unsent 50 MB."""
    size = 50 * 1024 * 1024
    head = (
        f"POST {API}/resources/upload HTTP/1.1\r\nHost: {api.base_url.host}\r\nAuthorization: Bearer {admin.token}\r\n"
        f"Content-Type: multipart/form-data; boundary=rrboundary\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    part = b'--rrboundary\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\nname,tags,available\r\n'
    reader, writer = await asyncio.open_connection(api.base_url.host, api.base_url.port)
    try:
        writer.write(head + part + b"x,y,true\r\n" * 1000)
        await writer.drain()
        answer = b""
        async with asyncio.timeout(10):
            # Headers and body may arrive in separate segments: read until the body is in.
            while b"\r\n\r\n" not in answer or len(answer.partition(b"\r\n\r\n")[2]) < _content_length(answer):
                chunk = await reader.read(65536)
                if not chunk:
                    break
                answer += chunk
    finally:
        writer.close()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"too large" in answer


def _content_length(answer: bytes) -> int:
    for line in answer.partition(b"\r\n\r\n")[0].split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 1


async def test_export_is_importable_and_neutralises_formulas(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    label = tag()
    risky = await new_resource(
        api, admin, name=f'=HYPERLINK("x") {label}', tags=[label, "@sum"], description="+1 call", capacity=3
    )
    answer = await api.get(f"{API}/resources/export.csv", headers=admin.auth)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    [row] = [r for r in rows if label in r["tags"]]
    assert row["name"] == "'" + risky["name"] and row["description"] == "'+1 call"
    assert (row["tags"], row["available"], row["capacity"]) == (f"{label};@sum", "true", "3")
    assert (await api.get(f"{API}/resources/export.csv", headers=user.auth)).status_code == 403
