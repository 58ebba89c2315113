"""The pure parts of the importer: old values, statuses, rules and series as the services' messages."""

from __future__ import annotations

from datetime import UTC, datetime

from rr_importer import bookings, convert
from rr_importer.run import source_of
from rr_importer.schema import IMPORTED, SKIPPED, plan_for
from rr_importer.values import flag, instant, json_list, minute_of_day

NOW = datetime(2027, 1, 1, tzinfo=UTC)


class TestValues:
    def test_naive_old_times_are_utc_instants(self) -> None:
        assert instant("2027-05-05 09:00:00.000000") == datetime(2027, 5, 5, 9, tzinfo=UTC)
        assert instant(datetime(2027, 5, 5, 9)) == datetime(2027, 5, 5, 9, tzinfo=UTC)
        assert instant(None) is None

    def test_sqlite_and_postgresql_spellings(self) -> None:
        assert flag(1) and flag("true") and flag(True) and not flag(0) and not flag(None)
        assert json_list('["a", "b"]') == ["a", "b"] == json_list(["a", "b"])
        assert json_list("null") == [] and json_list("a, b") == ["a", "b"]
        assert minute_of_day("08:30:00.000000") == 510


class TestStatuses:
    def test_each_old_status_has_a_new_one(self) -> None:
        future, past = datetime(2030, 1, 1, tzinfo=UTC), datetime(2020, 1, 1, tzinfo=UTC)
        assert convert.reservation_status("active", future, NOW) == "confirmed"
        assert convert.reservation_status("active", past, NOW) == "completed"
        assert convert.reservation_status("pending", future, NOW) == "pending_approval"
        assert convert.reservation_status("pending", past, NOW) == "expired"
        assert convert.reservation_status("cancelled", future, NOW) == "cancelled"
        assert convert.reservation_status("no_show", past, NOW) == "no_show"


class TestRules:
    def test_old_rule_as_rrule(self) -> None:
        rule = {
            "frequency": "weekly",
            "interval": 2,
            "days_of_week": "[0, 2]",
            "end_type": "after_count",
            "occurrence_count": 6,
        }
        assert convert.rrule_of(rule) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=6"
        until = {
            "frequency": "daily",
            "interval": 1,
            "days_of_week": None,
            "end_type": "on_date",
            "end_date": "2027-06-01 00:00:00",
        }
        assert convert.rrule_of(until) == "FREQ=DAILY;INTERVAL=1;UNTIL=20270601T235959Z"

    def test_cancelled_and_moved_occurrences_are_exceptions(self) -> None:
        rule = {
            "id": 1,
            "frequency": "weekly",
            "interval": 1,
            "days_of_week": "null",
            "end_type": "after_count",
            "occurrence_count": 3,
        }
        rows = [
            {
                "id": 10,
                "user_id": 1,
                "resource_id": 1,
                "start_time": "2030-01-07 09:00:00",
                "end_time": "2030-01-07 10:00:00",
                "status": "active",
                "recurrence_rule_id": 1,
                "parent_reservation_id": None,
            },
            {
                "id": 11,
                "user_id": 1,
                "resource_id": 1,
                "start_time": "2030-01-14 09:00:00",
                "end_time": "2030-01-14 10:00:00",
                "status": "cancelled",
                "recurrence_rule_id": 1,
                "parent_reservation_id": 10,
            },
            {
                "id": 12,
                "user_id": 1,
                "resource_id": 1,
                "start_time": "2030-01-21 11:00:00",
                "end_time": "2030-01-21 12:00:00",
                "status": "active",
                "recurrence_rule_id": 1,
                "parent_reservation_id": 10,
            },
        ]
        plan = bookings.series([rule], rows, {"1": 5}, {"1": 7}, NOW)
        (series,) = plan.series
        assert (series.user_id, series.resource_id, series.rrule) == (5, 7, "FREQ=WEEKLY;INTERVAL=1;COUNT=3")
        assert [t.ToDatetime(UTC) for t in series.exdates] == [
            datetime(2030, 1, 14, 9, tzinfo=UTC),
            datetime(2030, 1, 21, 9, tzinfo=UTC),
        ]
        assert plan.occurrences["12"].recurrence_id == datetime(2030, 1, 21, 9, tzinfo=UTC)  # moved: keeps its slot

    def test_reservations_of_rows_not_imported_are_skipped_with_the_reason(self) -> None:
        row = {
            "id": 3,
            "user_id": 9,
            "resource_id": 1,
            "start_time": "2030-01-07 09:00:00",
            "end_time": "2030-01-07 10:00:00",
            "status": "active",
        }
        plan = bookings.reservations([row], [], {}, {"1": 1}, {"users": {}, "resources": {}}, {}, NOW)
        assert plan.reservations == [] and plan.skipped == [("3", "its user (old #9) was not imported")]


class TestSchema:
    def test_every_table_is_accounted_for(self) -> None:
        plans = plan_for({"users": [], "refresh_tokens": [], "something_new": []})
        assert plans["users"].into == "auth"
        assert plans["refresh_tokens"].into == "" and "signs in again" in plans["refresh_tokens"].note
        assert plans["something_new"].note == "not a table of the old system's schema"
        assert not set(IMPORTED) & set(SKIPPED)

    def test_the_source_name_is_stable_and_tells_databases_apart(self) -> None:
        rows = {
            "users": [{"id": 2, "username": "b"}, {"id": 1, "username": "a"}],
            "resources": [{"id": 1, "name": "Room"}],
        }
        again = {"users": list(reversed(rows["users"])), "resources": rows["resources"]}
        other = {"users": [{"id": 1, "username": "z"}], "resources": rows["resources"]}
        assert source_of(rows) == source_of(again) != source_of(other)
