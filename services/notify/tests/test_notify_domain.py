"""What notifications say: local times in the resource's zone, UTC when the zone is unknown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rr_notify.inapp import domain

START = datetime(2030, 7, 15, 8, 0, tzinfo=UTC)
END = datetime(2030, 7, 15, 9, 30, tzinfo=UTC)


def facts(**overrides: object) -> domain.ReservationFacts:
    values: dict[str, object] = {
        "reservation_id": 42,
        "user_id": 5,
        "resource_id": 7,
        "resource_name": "Room A",
        "start": START,
        "end": END,
        "timezone": "Europe/Berlin",
    }
    values.update(overrides)
    return domain.ReservationFacts(**values)  # type: ignore[arg-type]


class TestDescribeSlot:
    def test_uses_the_resource_time_zone(self) -> None:
        assert domain.describe_slot(START, END, "Europe/Berlin") == "Mon 15 Jul 2030, 10:00–11:30 (Europe/Berlin)"

    def test_winter_offset_differs_from_summer(self) -> None:
        start, end = datetime(2030, 1, 14, 8, tzinfo=UTC), datetime(2030, 1, 14, 9, tzinfo=UTC)
        assert domain.describe_slot(start, end, "Europe/Berlin") == "Mon 14 Jan 2030, 09:00–10:00 (Europe/Berlin)"

    @pytest.mark.parametrize("zone", ["", "Mars/Olympus_Mons", "../etc/passwd"])
    def test_falls_back_to_utc(self, zone: str) -> None:
        assert domain.describe_slot(START, END, zone) == "Mon 15 Jul 2030, 08:00–09:30 (UTC)"

    def test_a_slot_over_midnight_names_both_days(self) -> None:
        start, end = datetime(2030, 7, 15, 21, tzinfo=UTC), datetime(2030, 7, 15, 23, tzinfo=UTC)
        assert (
            domain.describe_slot(start, end, "Europe/Berlin")
            == "Mon 15 Jul 2030 23:00 – Tue 16 Jul 2030 01:00 (Europe/Berlin)"
        )


class TestReservationNotifications:
    def test_confirmed(self) -> None:
        note = domain.reservation_confirmed(facts())
        assert (note.user_id, note.type, note.title, note.subject_id) == (
            5,
            "reservation_confirmed",
            "Reservation confirmed",
            42,
        )
        assert (
            note.message == "Your reservation of Room A on Mon 15 Jul 2030, 10:00–11:30 (Europe/Berlin) is confirmed."
        )

    def test_cancelled_gives_the_reason(self) -> None:
        note = domain.reservation_cancelled(facts(cancellation_reason="Room flooded"))
        assert (note.type, note.title) == ("reservation_cancelled", "Reservation cancelled")
        assert note.message.endswith("was cancelled. Reason: Room flooded")

    def test_without_name_or_times_it_still_says_what(self) -> None:
        note = domain.reservation_confirmed(facts(resource_name="", start=None, end=None))
        assert note.message == "Your reservation of resource #7 is confirmed."
