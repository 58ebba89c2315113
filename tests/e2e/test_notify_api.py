"""Notifications, preferences, announcements and the audit log through the gateway, as clients
use them: only ever one's own, clear 4xx for bad input, nothing written on refusal."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.e2e.support import Session, sign_up_and_in, slot
from tests.e2e.support_notify import eventually


async def book(
    api: httpx.AsyncClient, who: Session, resource_id: object, days: int = 12, hour: int = 9
) -> dict[str, object]:
    start, end = slot(days=days, hour=hour)
    answer = await api.post(
        "/api/v1/reservations",
        json={"resource_id": resource_id, "start_time": start, "end_time": end},
        headers=who.auth,
    )
    assert answer.status_code == 201, answer.text
    body: dict[str, object] = answer.json()
    return body


async def notifications(api: httpx.AsyncClient, who: Session, count: int, **params: object) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []

    async def enough() -> bool:
        answer = await api.get("/api/v1/notifications", params={"limit": 100, **params}, headers=who.auth)
        assert answer.status_code == 200, answer.text
        found[:] = answer.json()["data"]
        return len(found) >= count

    await eventually(enough)
    return found


class TestMyNotifications:
    async def test_read_delete_and_catch_up(
        self, api: httpx.AsyncClient, user: Session, resource: dict[str, object]
    ) -> None:
        for hour in (8, 10, 12):
            await book(api, user, resource["id"], hour=hour)
        newest, middle, oldest = await notifications(api, user, 3)

        since = await api.get("/api/v1/notifications", params={"since_id": oldest["id"]}, headers=user.auth)
        assert [n["id"] for n in since.json()["data"]] == [middle["id"], newest["id"]]

        read = await api.post(f"/api/v1/notifications/{middle['id']}/read", headers=user.auth)
        assert read.status_code == 200 and read.json()["is_read"] is True
        assert (await api.get("/api/v1/notifications/unread-count", headers=user.auth)).json() == {"count": 2}
        unread = await api.get("/api/v1/notifications", params={"unread_only": "true"}, headers=user.auth)
        assert [n["id"] for n in unread.json()["data"]] == [newest["id"], oldest["id"]]

        deleted = await api.delete(f"/api/v1/notifications/{oldest['id']}", headers=user.auth)
        assert deleted.status_code == 204
        assert [n["id"] for n in await notifications(api, user, 2)] == [newest["id"], middle["id"]]
        assert (await api.post("/api/v1/notifications/mark-all-read", headers=user.auth)).json() == {"updated": 1}

    async def test_a_notification_carries_the_facts_it_was_written_from(
        self, api: httpx.AsyncClient, user: Session, resource: dict[str, object]
    ) -> None:
        """So the web app can say it in its reader's language and zone instead of the server's English."""
        made = await book(api, user, resource["id"], days=13, hour=14)
        [note] = await notifications(api, user, 1)
        details = note["details"]
        assert isinstance(details, dict)
        assert details["resource"] == resource["name"] and details["reservation_id"] == str(made["id"])
        assert datetime.fromisoformat(details["start"]) == datetime.fromisoformat(str(made["start_time"]))
        assert datetime.fromisoformat(details["end"]) == datetime.fromisoformat(str(made["end_time"]))
        assert details["timezone"] == resource.get("timezone", "UTC")

    async def test_someone_elses_notification_is_a_404_for_read_and_delete(
        self, api: httpx.AsyncClient, user: Session, resource: dict[str, object]
    ) -> None:
        await book(api, user, resource["id"], days=13)
        (theirs,) = await notifications(api, user, 1)
        intruder = await sign_up_and_in(api, "intruder")

        for method, path in (
            ("POST", f"/api/v1/notifications/{theirs['id']}/read"),
            ("DELETE", f"/api/v1/notifications/{theirs['id']}"),
        ):
            answer = await api.request(method, path, headers=intruder.auth)
            assert answer.status_code == 404, answer.text
            assert answer.json() == {"detail": f"Notification {theirs['id']} does not exist.", "code": "not_found"}
        (still,) = await notifications(api, user, 1)
        assert still["is_read"] is False

    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/notifications/0/read",
            "/api/v1/notifications/abc",
            "/api/v1/notifications?since_id=-1",
            "/api/v1/notifications?limit=1000",
        ],
    )
    async def test_bad_ids_and_paging_are_422(self, api: httpx.AsyncClient, user: Session, path: str) -> None:
        method = "POST" if path.endswith("/read") else ("DELETE" if path.endswith("abc") else "GET")
        answer = await api.request(method, path, headers=user.auth)
        assert answer.status_code == 422 and answer.json()["detail"]

    async def test_signed_out_is_401(self, api: httpx.AsyncClient) -> None:
        assert (await api.get("/api/v1/notifications/preferences")).status_code == 401


class TestPreferences:
    async def test_change_and_read_back(self, api: httpx.AsyncClient, user: Session) -> None:
        put = await api.put(
            "/api/v1/notifications/preferences",
            json={"reminder_minutes": 30, "channels": [{"type": "reservation_reminder", "email": False}]},
            headers=user.auth,
        )
        assert put.status_code == 200, put.text
        got = (await api.get("/api/v1/notifications/preferences", headers=user.auth)).json()
        reminder = next(c for c in got["channels"] if c["type"] == "reservation_reminder")
        assert got["reminder_minutes"] == 30 and reminder == {
            "type": "reservation_reminder",
            "in_app": True,
            "email": False,
        }

    @pytest.mark.parametrize(
        "body, says",
        [
            (
                {"channels": [{"type": "reservation_cancelled", "email": False}, {"type": "bogus", "email": True}]},
                "Unknown notification type",
            ),
            ({"channels": [{"type": "system_announcement", "in_app": False}]}, "cannot be turned off"),
            ({"reminder_minutes": -5}, None),
            ({"channels": [{"type": "reservation_reminder", "sms": True}]}, None),
        ],
    )
    async def test_bad_input_is_422_and_changes_nothing(
        self, api: httpx.AsyncClient, user: Session, body: dict[str, object], says: str | None
    ) -> None:
        before = (await api.get("/api/v1/notifications/preferences", headers=user.auth)).json()
        answer = await api.put("/api/v1/notifications/preferences", json=body, headers=user.auth)
        assert answer.status_code == 422, answer.text
        if says:
            assert says in answer.json()["detail"]
        assert (await api.get("/api/v1/notifications/preferences", headers=user.auth)).json() == before


async def known_to_notify(api: httpx.AsyncClient, admin: Session, who: Session) -> None:
    """Notify learns of a new user from auth's event (audited in the same transaction)."""

    async def recorded() -> bool:
        answer = await api.get(f"/api/v1/audit/entity/user/{who.user_id}", headers=admin.auth)
        return any(e["action"] == "user.registered" for e in answer.json()["data"])

    await eventually(recorded)


class TestAnnouncements:
    async def test_everyone_gets_it_in_their_list(self, api: httpx.AsyncClient, admin: Session, user: Session) -> None:
        await known_to_notify(api, admin, user)
        sent = await api.post(
            "/api/v1/announcements", json={"title": "New rooms", "message": "Level 3 is open."}, headers=admin.auth
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["recipients"] >= 2
        found = await notifications(api, user, 1)
        assert [(n["type"], n["title"], n["subject_id"]) for n in found] == [
            ("system_announcement", "New rooms", sent.json()["announcement_id"])
        ]

    async def test_to_a_role_only(self, api: httpx.AsyncClient, admin: Session, user: Session) -> None:
        await known_to_notify(api, admin, user)
        await known_to_notify(api, admin, admin)
        sent = await api.post(
            "/api/v1/announcements",
            json={"title": "Admins only", "message": "Rotate keys.", "role": "admin"},
            headers=admin.auth,
        )
        assert sent.status_code == 201, sent.text
        assert any(n["subject_id"] == sent.json()["announcement_id"] for n in await notifications(api, admin, 1))
        listed = (await api.get("/api/v1/notifications", headers=user.auth)).json()["data"]
        assert all(n["subject_id"] != sent.json()["announcement_id"] for n in listed)

    async def test_users_may_not_and_bad_input_is_422(
        self, api: httpx.AsyncClient, admin: Session, user: Session
    ) -> None:
        refused = await api.post("/api/v1/announcements", json={"title": "Hi", "message": "All"}, headers=user.auth)
        assert refused.status_code == 403 and refused.json()["detail"]
        for body in (
            {"title": "", "message": "x"},
            {"title": "x"},
            {"title": "x", "message": "y", "role": "Bad Role!"},
        ):
            answer = await api.post("/api/v1/announcements", json=body, headers=admin.auth)
            assert answer.status_code == 422, answer.text


class TestAuditLog:
    async def test_my_booking_is_in_the_log_for_admins_and_in_my_activity(
        self, api: httpx.AsyncClient, admin: Session, user: Session, resource: dict[str, object]
    ) -> None:
        reservation = await book(api, user, resource["id"], days=14)
        entries: list[dict[str, object]] = []

        async def logged() -> bool:
            answer = await api.get(
                "/api/v1/audit/logs",
                params={"user_id": user.user_id, "action": "reservation.created"},
                headers=admin.auth,
            )
            assert answer.status_code == 200, answer.text
            entries[:] = answer.json()["data"]
            return bool(entries)

        await eventually(logged)
        (entry,) = entries
        assert (entry["source_service"], entry["entity_type"], entry["entity_id"], entry["user_id"]) == (
            "booking",
            "reservation",
            str(reservation["id"]),
            user.user_id,
        )
        assert entry["payload"]["reservation"]["id"] == str(reservation["id"]) and len(entry["trace_id"]) == 32

        history = (await api.get(f"/api/v1/audit/entity/reservation/{reservation['id']}", headers=admin.auth)).json()[
            "data"
        ]
        assert [e["action"] for e in history] == ["reservation.created"]
        one = await api.get(f"/api/v1/audit/logs/{entry['id']}", headers=admin.auth)
        assert one.json()["event_id"] == entry["event_id"]

        mine = (await api.get("/api/v1/audit/my-activity", headers=user.auth)).json()["data"]
        assert mine and {e["user_id"] for e in mine} == {user.user_id}
        assert (await api.get("/api/v1/audit/logs", headers=user.auth)).status_code == 403
        assert (
            await api.get(f"/api/v1/audit/logs/{entry['id']}", headers=(await sign_up_and_in(api, "nosy")).auth)
        ).status_code == 404

    async def test_exports_stream_csv_and_json(
        self, api: httpx.AsyncClient, admin: Session, user: Session, resource: dict[str, object]
    ) -> None:
        await book(api, user, resource["id"], days=15)
        await book(api, user, resource["id"], days=16)

        async def both_logged() -> bool:
            answer = await api.get(
                "/api/v1/audit/logs",
                params={"user_id": user.user_id, "action": "reservation.created"},
                headers=admin.auth,
            )
            return len(answer.json()["data"]) == 2

        await eventually(both_logged)
        as_csv = await api.get("/api/v1/audit/export/csv", params={"user_id": user.user_id}, headers=admin.auth)
        as_json = await api.get("/api/v1/audit/export/json", params={"user_id": user.user_id}, headers=admin.auth)

        assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(as_csv.text)))
        assert len(rows) >= 2 and {r["actor_user_id"] for r in rows} == {str(user.user_id)}
        assert as_json.status_code == 200
        assert sorted(e["id"] for e in json.loads(as_json.text)) == sorted(int(r["id"]) for r in rows)
        assert (await api.get("/api/v1/audit/export/csv", headers=user.auth)).status_code == 403

    @pytest.mark.parametrize(
        "params",
        [
            {"start_date": "2030-01-02T00:00:00Z", "end_date": "2030-01-01T00:00:00Z"},
            {"start_date": "2030-01-01T00:00:00"},
            {"entity_id": "5"},
            {"cursor": "not-a-cursor"},
        ],
    )
    async def test_bad_filters_are_422(self, api: httpx.AsyncClient, admin: Session, params: dict[str, str]) -> None:
        answer = await api.get("/api/v1/audit/logs", params=params, headers=admin.auth)
        assert answer.status_code == 422, answer.text

    async def test_a_date_range_narrows_the_log(self, api: httpx.AsyncClient, admin: Session) -> None:
        past = datetime.now(UTC) - timedelta(days=30)
        answer = await api.get(
            "/api/v1/audit/logs",
            params={"start_date": past.isoformat(), "end_date": (past + timedelta(days=1)).isoformat()},
            headers=admin.auth,
        )
        assert answer.status_code == 200 and answer.json()["data"] == []
