"""Where a booking fits: the resource's rules applied to booking's free ranges (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from rr.catalog.v1 import catalog_pb2

from rr_common.errors import InvalidInput
from rr_gateway.slots import fit_for, windows

NOW = datetime(2030, 3, 30, 12, 0, tzinfo=UTC)


def resource(status: str = "available", timezone: str = "Europe/Paris", **rules: int) -> catalog_pb2.Resource:
    return catalog_pb2.Resource(
        id=1, name="Room 1", status=status, timezone=timezone, rules=catalog_pb2.BookingRules(**rules)
    )


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 3, day, hour, minute, tzinfo=UTC)


def test_starts_fall_on_the_step_from_local_midnight_across_a_clock_change() -> None:
    # Paris moves to summer time early on 31 March 2030: 07:10 UTC is then 09:10 local (UTC+2),
    # and the next whole local hour is 10:00, 08:00 UTC (a count in UTC would give 07:00 or 08:00 by luck).
    fit = fit_for(resource(slot_granularity_minutes=60), timedelta(hours=1), at(31, 7, 10), NOW)
    assert fit is not None
    [(start, _)] = windows([(at(31, 7, 10), at(31, 12))], timedelta(hours=1), fit)
    assert start == at(31, 8)  # 10:00 local (UTC+2), on the hour


def test_notice_and_horizon_trim_the_free_ranges() -> None:
    fit = fit_for(
        resource(timezone="UTC", min_notice_minutes=120, max_days_in_advance=1), timedelta(minutes=30), NOW, NOW
    )
    assert fit is not None
    free = [(at(30, 12), at(30, 15)), (at(31, 11, 50), at(31, 13))]
    assert windows(free, timedelta(minutes=30), fit) == [(at(30, 14), at(30, 15))], (
        "from now+2h, and nothing ending past now+1 day fits"
    )


def test_a_range_too_short_for_the_length_is_left_out() -> None:
    fit = fit_for(resource(timezone="UTC"), timedelta(minutes=90), NOW, NOW)
    assert fit is not None
    assert windows([(at(31, 9), at(31, 10)), (at(31, 11), at(31, 12, 30))], timedelta(minutes=90), fit) == [
        (at(31, 11), at(31, 12, 30))
    ]


def test_out_of_service_waits_for_its_end_or_has_no_slot_at_all() -> None:
    until = Timestamp()
    until.FromDatetime(at(31, 9))
    closed = resource(status="maintenance")
    closed.status_until.CopyFrom(until)
    fit = fit_for(closed, timedelta(hours=1), NOW, NOW)
    assert fit is not None and fit.not_before == at(31, 9)
    assert fit_for(resource(status="unavailable"), timedelta(hours=1), NOW, NOW) is None


@pytest.mark.parametrize(("minutes", "words"), [(10, "at least 30"), (300, "at most 240")])
def test_a_length_the_rules_refuse_says_which_lengths_fit(minutes: int, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        fit_for(resource(min_duration_minutes=30, max_duration_minutes=240), timedelta(minutes=minutes), NOW, NOW)
