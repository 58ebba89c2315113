"""Resource groups (a tree you can move things around in) and labels, through the gateway."""

from __future__ import annotations

import httpx

from tests.e2e.support import Session
from tests.e2e.support_catalog import API, new_resource, unique


async def new_group(
    api: httpx.AsyncClient, admin: Session, name: str, parent_id: int | None = None
) -> dict[str, object]:
    answer = await api.post(f"{API}/resource-groups", json={"name": name, "parent_id": parent_id}, headers=admin.auth)
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


async def test_tree_subtree_filter_and_moves(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    site = await new_group(api, admin, unique("Site"))
    building = await new_group(api, admin, "Building A", site["id"])  # type: ignore[arg-type]
    floor = await new_group(api, admin, "Floor 2", building["id"])  # type: ignore[arg-type]
    assert floor["path"] == f"{site['name']} / Building A / Floor 2" and floor["depth"] == 2
    desk = await new_resource(api, admin, group_id=floor["id"])
    loose = await new_resource(api, admin)
    moved = await api.post(
        f"{API}/resource-groups/{building['id']}/resources", json={"resource_ids": [loose["id"]]}, headers=admin.auth
    )
    assert moved.status_code == 200 and moved.json() == {"moved": 1}
    in_site = await api.get(f"{API}/resources", params={"group_id": site["id"]}, headers=user.auth)
    assert [r["id"] for r in in_site.json()["data"]] == [desk["id"], loose["id"]]
    tree = (await api.get(f"{API}/resource-groups/{site['id']}/tree", headers=user.auth)).json()
    assert [tree["name"], tree["children"][0]["name"], tree["children"][0]["children"][0]["name"]] == [
        site["name"],
        "Building A",
        "Floor 2",
    ]
    assert tree["children"][0]["resource_count"] == 1
    other = await new_group(api, admin, unique("Campus"))
    relocated = await api.patch(
        f"{API}/resource-groups/{building['id']}", json={"parent_id": other["id"]}, headers=admin.auth
    )
    assert relocated.status_code == 200 and relocated.json()["path"] == f"{other['name']} / Building A"
    assert (await api.get(f"{API}/resources", params={"group_id": site["id"]}, headers=user.auth)).json()["data"] == []
    cycle = await api.patch(f"{API}/resource-groups/{other['id']}", json={"parent_id": floor["id"]}, headers=admin.auth)
    assert cycle.status_code == 422 and cycle.json()["code"] == "group_cycle"


async def test_only_an_empty_group_can_be_deleted(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    group = await new_group(api, admin, unique("Wing"))
    resource = await new_resource(api, admin, group_id=group["id"])
    busy = await api.delete(f"{API}/resource-groups/{group['id']}", headers=admin.auth)
    assert busy.status_code == 409 and busy.json()["code"] == "group_not_empty"
    assert (await api.delete(f"{API}/resource-groups/{group['id']}", headers=user.auth)).status_code == 403
    await api.patch(f"{API}/resources/{resource['id']}", json={"group_id": None}, headers=admin.auth)
    assert (await api.delete(f"{API}/resource-groups/{group['id']}", headers=admin.auth)).status_code == 204
    assert (await api.get(f"{API}/resource-groups/{group['id']}", headers=user.auth)).status_code == 404


async def test_group_bad_input(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    assert (await api.post(f"{API}/resource-groups", json={"name": unique("G")}, headers=user.auth)).status_code == 403
    unknown_parent = await api.post(
        f"{API}/resource-groups", json={"name": unique("G"), "parent_id": 987654321}, headers=admin.auth
    )
    assert unknown_parent.status_code == 422 and "987654321" in unknown_parent.json()["detail"]
    parent = await new_group(api, admin, unique("P"))
    await new_group(api, admin, "Twin", parent["id"])  # type: ignore[arg-type]
    twin = await api.post(
        f"{API}/resource-groups", json={"name": "TWIN", "parent_id": parent["id"]}, headers=admin.auth
    )
    assert twin.status_code == 409


async def test_labels_with_colours_filter_resources(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    created = await api.post(
        f"{API}/labels", json={"name": unique("Accessible"), "color": "#1E90FF"}, headers=admin.auth
    )
    assert created.status_code == 201, created.text
    label = created.json()
    assert label["color"] == "#1e90ff"
    tagged, plain = await new_resource(api, admin), await new_resource(api, admin)
    assigned = await api.post(
        f"{API}/labels/{label['id']}/assign", json={"resource_ids": [tagged["id"]]}, headers=admin.auth
    )
    assert assigned.json() == {"changed": 1}
    found = (await api.get(f"{API}/resources", params={"labels": str(label["id"])}, headers=user.auth)).json()["data"]
    assert [r["id"] for r in found] == [tagged["id"]]
    assert found[0]["labels"] == [{"id": label["id"], "name": label["name"], "color": "#1e90ff"}]
    recoloured = await api.patch(f"{API}/labels/{label['id']}", json={"color": "#000000"}, headers=admin.auth)
    assert recoloured.json()["color"] == "#000000"
    await api.post(f"{API}/labels/{label['id']}/unassign", json={"resource_ids": [tagged["id"]]}, headers=admin.auth)
    assert (await api.get(f"{API}/resources", params={"labels": str(label["id"])}, headers=user.auth)).json()[
        "data"
    ] == []
    assert (await api.delete(f"{API}/labels/{label['id']}", headers=admin.auth)).status_code == 204
    assert plain["labels"] == []


async def test_label_bad_input(api: httpx.AsyncClient, admin: Session, user: Session) -> None:
    assert (await api.post(f"{API}/labels", json={"name": unique("L")}, headers=user.auth)).status_code == 403
    assert (
        await api.post(f"{API}/labels", json={"name": unique("L"), "color": "blue"}, headers=admin.auth)
    ).status_code == 422
    missing = await api.post(f"{API}/labels/987654321/assign", json={"resource_ids": [1]}, headers=admin.auth)
    assert missing.status_code == 404
