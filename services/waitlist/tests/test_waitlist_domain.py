"""Pure rules: the flexible window stays on the local day, and the nearest free fit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rr_waitlist.offers.domain import flexible_window, nearest_fit, offer_expiry

DAY = datetime(2031, 3, 10, tzinfo=UTC)


def at(hour: float) -> datetime:
    return DAY + timedelta(hours=hour)


def test_the_window_widens_by_the_hours_on_both_sides() -> None:
    assert flexible_window((at(9), at(10)), 2, "UTC") == (at(7), at(12))


def test_the_window_never_leaves_the_local_day_of_the_resource() -> None:
    assert flexible_window((at(1), at(2)), 3, "UTC") == (at(0), at(5))
    assert flexible_window((at(22), at(23)), 3, "UTC") == (at(19), at(24))
    # 23:30 in Paris (UTC+1 in March before the change) is still the 10th there.
    window = flexible_window((at(22.5), at(23)), 2, "Europe/Paris")
    assert window == (at(20.5), at(23))  # midnight in Paris is 23:00 UTC


def test_an_unknown_time_zone_counts_as_utc() -> None:
    assert flexible_window((at(9), at(10)), 1, "Mars/Olympus") == (at(8), at(11))


def test_the_fit_starts_as_close_to_the_desired_start_as_the_free_ranges_allow() -> None:
    desired = (at(9), at(10))
    window = (at(7), at(12))
    assert nearest_fit([(at(10), at(12))], window, desired) == (at(10), at(11))
    assert nearest_fit([(at(6), at(8.5))], window, desired) == (at(7.5), at(8.5))
    assert nearest_fit([(at(6), at(8.5)), (at(9.25), at(11))], window, desired) == (at(9.25), at(10.25))
    assert nearest_fit([(at(8), at(12))], window, desired) == desired


def test_no_fit_when_too_short_outside_the_window_or_already_offered() -> None:
    desired = (at(9), at(10))
    window = (at(7), at(12))
    assert nearest_fit([(at(10), at(10.5))], window, desired) is None
    assert nearest_fit([(at(11.5), at(14))], window, desired) is None
    assert nearest_fit([(at(10), at(11))], window, desired, avoid=[(at(10.5), at(11))]) is None


def test_an_offer_never_outlives_its_slot() -> None:
    now = at(9)
    assert offer_expiry(now, timedelta(minutes=15), at(12)) == at(9.25)
    assert offer_expiry(now, timedelta(minutes=15), at(9.1)) == at(9.1)
