"""Resources through the gateway: create, read, update, soft delete; who may write; bad input."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.support import Session
from tests.e2e.support_catalog import API, new_resource, unique


async def test_admin_creates_a_full_resource_and_a_user_reads_it(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    body = {
        "name": unique("Lab"),
        "description": "Wet lab",
        "tags": ["lab", "bio"],
        "location": "Building 2",
        "capacity": 12,
        "timezone": "Europe/Berlin",
        "requires_approval": True,
        "attributes": {"floor": "2"},
        "rules": {"min_duration_minutes": 30, "max_duration_minutes": 240, "buffer_after_minutes": 15},
    }
    created = await api.post(f"{API}/resources", json=body, headers=admin.auth)
    assert created.status_code == 201, created.text
    resource = created.json()
    assert {k: resource[k] for k in ("name", "tags", "capacity", "timezone", "requires_approval", "attributes")} == {
        k: body[k] for k in ("name", "tags", "capacity", "timezone", "requires_approval", "attributes")
    }
    assert resource["rules"]["min_duration_minutes"] == 30 and resource["rules"]["buffer_after_minutes"] == 15
    assert (resource["status"], resource["available"], resource["group_id"], resource["labels"]) == (
        "available",
        True,
        None,
        [],
    )
    read = await api.get(f"{API}/resources/{resource['id']}", headers=user.auth)
    assert read.status_code == 200 and read.json() == resource


async def test_patch_changes_only_what_is_sent(api: httpx.AsyncClient, admin: Session) -> None:
    resource = await new_resource(api, admin, description="old", capacity=4, tags=["a"])
    answer = await api.patch(
        f"{API}/resources/{resource['id']}", json={"description": "new", "capacity": None}, headers=admin.auth
    )
    assert answer.status_code == 200, answer.text
    patched = answer.json()
    assert (patched["description"], patched["capacity"], patched["tags"], patched["name"]) == (
        "new",
        None,
        ["a"],
        resource["name"],
    )
    off = await api.patch(f"{API}/resources/{resource['id']}", json={"available": False}, headers=admin.auth)
    assert off.json()["status"] == "unavailable"


async def test_delete_hides_the_resource_and_frees_its_name(
    api: httpx.AsyncClient, admin: Session, user: Session
) -> None:
    resource = await new_resource(api, admin)
    assert (await api.delete(f"{API}/resources/{resource['id']}", headers=user.auth)).status_code == 403
    assert (await api.delete(f"{API}/resources/{resource['id']}", headers=admin.auth)).status_code == 204
    assert (await api.get(f"{API}/resources/{resource['id']}", headers=user.auth)).status_code == 404
    assert (await api.delete(f"{API}/resources/{resource['id']}", headers=admin.auth)).status_code == 404
    again = await api.post(f"{API}/resources", json={"name": resource["name"].upper()}, headers=admin.auth)
    assert again.status_code == 201


async def test_plain_users_and_strangers_cannot_write(api: httpx.AsyncClient, user: Session) -> None:
    name = unique()
    assert (await api.post(f"{API}/resources", json={"name": name}, headers=user.auth)).status_code == 403
    assert (await api.post(f"{API}/resources", json={"name": name})).status_code == 401
    # Reading stays open to strangers while the catalog is public (the default).
    assert (await api.get(f"{API}/resources")).status_code == 200
    assert (await api.patch(f"{API}/resources/1", json={"name": name}, headers=user.auth)).status_code == 403


async def count_named(api: httpx.AsyncClient, who: Session, name: str) -> int:
    answer = await api.get(f"{API}/resources", params={"q": name, "limit": 100}, headers=who.auth)
    return sum(1 for r in answer.json()["data"] if r["name"] == name)


@pytest.mark.parametrize(
    ("extra", "status", "fragment"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, 422, "iana"),
        ({"capacity": -1}, 422, "capacity"),
        ({"group_id": 987654321}, 422, "group 987654321 does not exist"),
        ({"label_ids": [987654321]}, 422, "987654321"),
        ({"rules": {"min_duration_minutes": 90, "max_duration_minutes": 30}}, 422, "maximum duration"),
        ({"rules": {"slot_granularity_minutes": 7}}, 422, "granularity"),
    ],
    ids=["timezone", "negative-capacity", "unknown-group", "unknown-label", "rules-reversed", "odd-granularity"],
)
async def test_bad_input_is_refused_with_a_reason_and_writes_nothing(
    api: httpx.AsyncClient, admin: Session, extra: dict[str, object], status: int, fragment: str
) -> None:
    name = unique()
    answer = await api.post(f"{API}/resources", json={"name": name, **extra}, headers=admin.auth)
    assert answer.status_code == status, answer.text
    assert fragment in str(answer.json()["detail"]).lower()
    assert await count_named(api, admin, name) == 0


async def test_duplicate_name_is_409(api: httpx.AsyncClient, admin: Session) -> None:
    first = await new_resource(api, admin)
    answer = await api.post(f"{API}/resources", json={"name": f"  {first['name'].lower()} "}, headers=admin.auth)
    assert answer.status_code == 409 and answer.json()["code"] == "resource_name_taken"
    other = await new_resource(api, admin)
    renamed = await api.patch(f"{API}/resources/{other['id']}", json={"name": first["name"]}, headers=admin.auth)
    assert renamed.status_code == 409
