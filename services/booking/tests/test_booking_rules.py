"""Pure rules: recurrence expansion (time zones, limits, junk), interval arithmetic, quotas."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from rr_booking.quotas.domain import (
    BUILT_IN,
    Limits,
    Usage,
    check_new_bookings,
    effective_limits,
    role_defaults,
    week_start,
)
from rr_booking.recurrence.rules import SimpleRecurrence, _occurs_by, expand, simple_rule, zone
from rr_booking.reservations.domain import overlapping_pairs
from rr_booking.schedule.intervals import merge, subtract
from rr_common.errors import InvalidInput

PARIS = "Europe/Paris"


def at(day: date, hour: int, tz: str = PARIS) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(tz)).astimezone(UTC)


class TestExpand:
    def test_nine_stays_nine_across_the_spring_and_autumn_changes(self) -> None:
        first = date(2030, 3, 18)  # Paris moves to summer time on 31 March, back on 27 October
        weekly = expand("FREQ=WEEKLY;COUNT=34", at(first, 9), at(first, 10), PARIS)
        local = [o.start.astimezone(ZoneInfo(PARIS)) for o in weekly.occurrences]
        assert {t.hour for t in local} == {9}
        assert {o.end - o.start for o in weekly.occurrences} == {timedelta(hours=1)}
        assert {t.utcoffset() for t in local} == {timedelta(hours=1), timedelta(hours=2)}

    def test_simple_form_weekly_on_two_days_until_a_date(self) -> None:
        rule = simple_rule(SimpleRecurrence("weekly", 1, [0, 2], "on_date", "2030-04-03"), zone(PARIS))
        got = expand(rule, at(date(2030, 3, 18), 9), at(date(2030, 3, 18), 10), PARIS)
        assert [o.start.astimezone(ZoneInfo(PARIS)).date() for o in got.occurrences] == [
            date(2030, 3, 18),
            date(2030, 3, 20),
            date(2030, 3, 25),
            date(2030, 3, 27),
            date(2030, 4, 1),
            date(2030, 4, 3),
        ]

    def test_simple_form_monthly_with_a_count_and_an_interval(self) -> None:
        rule = simple_rule(SimpleRecurrence("monthly", 1, (), "after_occurrences", "", 3), zone("UTC"))
        got = expand(rule, datetime(2030, 1, 31, 9, tzinfo=UTC), datetime(2030, 1, 31, 10, tzinfo=UTC), "UTC")
        # No 31st in February or April: RFC 5545 skips those months instead of moving the date.
        assert [o.start.date() for o in got.occurrences] == [date(2030, 1, 31), date(2030, 3, 31), date(2030, 5, 31)]

    def test_exdates_and_skip_dates_remove_occurrences_and_are_reported(self) -> None:
        first = date(2030, 3, 18)
        got = expand(
            "FREQ=DAILY;COUNT=5",
            at(first, 9),
            at(first, 10),
            PARIS,
            exdates=[at(date(2030, 3, 19), 9)],
            skip_dates=[date(2030, 3, 21)],
        )
        assert [o.start.astimezone(ZoneInfo(PARIS)).day for o in got.occurrences] == [18, 20, 22]
        assert got.exdates == [at(date(2030, 3, 19), 9), at(date(2030, 3, 21), 9)]

    def test_until_without_zone_means_the_end_of_that_local_day(self) -> None:
        got = expand(
            "FREQ=DAILY;UNTIL=20300320",
            at(date(2030, 3, 18), 23),
            at(date(2030, 3, 18), 23) + timedelta(minutes=30),
            PARIS,
        )
        assert len(got.occurrences) == 3
        assert "UNTIL=20300320T225959Z" in got.rrule

    @pytest.mark.parametrize(
        ("rule", "fragment"),
        [
            ("FREQ=DAILY;COUNT=100000", "at most 365"),
            ("FREQ=DAILY;UNTIL=20990101", "more than 365"),
            ("FREQ=HOURLY;COUNT=5", "FREQ must be"),
            ("FREQ=WEEKLY;BYHOUR=9", "not supported"),
            ("FREQ=WEEKLY;COUNT=2;UNTIL=20300601", "not both"),
            ("garbage", "NAME=VALUE"),
            ("FREQ=DAILY;BYDAY=XX;COUNT=2", "BYDAY"),
            ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no occurrence"),
            ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=3", "no occurrence"),
            ("FREQ=WEEKLY;UNTIL=2030", "UNTIL"),
            ("FREQ=DAILY;INTERVAL=0;COUNT=2", "INTERVAL"),
        ],
    )
    def test_bad_rules_are_refused_quickly_with_a_sentence(self, rule: str, fragment: str) -> None:
        started = datetime.now(UTC)
        with pytest.raises(InvalidInput) as info:
            expand(rule, at(date(2030, 3, 18), 9), at(date(2030, 3, 18), 10), PARIS)
        assert fragment in info.value.detail and info.value.code == "invalid_recurrence"
        assert datetime.now(UTC) - started < timedelta(seconds=0.5)

    def test_open_ended_rules_cover_one_year(self) -> None:
        got = expand("FREQ=WEEKLY", at(date(2030, 3, 18), 9), at(date(2030, 3, 18), 10), PARIS)
        assert len(got.occurrences) == 53  # 18 March 2030 to 17 March 2031, inclusive

    def test_the_quick_existence_check_agrees_with_dateutil(self) -> None:
        """The day-by-day pre-check must never refuse a rule dateutil can expand."""
        rng = random.Random(7)
        for _ in range(400):
            # Starting close to the year 9999 keeps dateutil's search for an impossible rule short.
            first = datetime(9980, rng.randint(1, 12), rng.randint(1, 28), 9, tzinfo=ZoneInfo("UTC"))
            parts = {
                "FREQ": rng.choice(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
                "INTERVAL": str(rng.choice([1, 1, 2, 3, 12])),
            }
            if rng.random() < 0.5:
                parts["BYMONTH"] = ",".join(str(m) for m in rng.sample(range(1, 13), rng.randint(1, 2)))
            if rng.random() < 0.5:
                parts["BYMONTHDAY"] = ",".join(
                    str(d) for d in rng.sample([1, 15, 28, 29, 30, 31, -1], rng.randint(1, 2))
                )
            if rng.random() < 0.4:
                ordinal = rng.choice(["", "1", "-1", "5"]) if parts["FREQ"] == "MONTHLY" else ""
                parts["BYDAY"] = ordinal + rng.choice(["MO", "FR", "SU"])
            text = ";".join(f"{k}={v}" for k, v in parts.items())
            last = first + timedelta(days=3660)
            truth = next(iter(rrulestr(text, dtstart=first).replace(until=last)), None) is not None  # type: ignore[union-attr]
            assert _occurs_by(parts, first, last) == truth, text


class TestIntervals:
    def test_subtract_leaves_the_gaps(self) -> None:
        d = datetime(2030, 1, 1, tzinfo=UTC)
        h = timedelta(hours=1)
        assert subtract([(d, d + 10 * h)], [(d + h, d + 2 * h), (d + 3 * h, d + 4 * h), (d + 3 * h, d + 5 * h)]) == [
            (d, d + h),
            (d + 2 * h, d + 3 * h),
            (d + 5 * h, d + 10 * h),
        ]
        assert subtract([(d, d + h)], [(d - h, d + 2 * h)]) == []
        assert merge([(d + h, d + 2 * h), (d, d + h)]) == [(d, d + 2 * h)]

    def test_a_batch_that_overlaps_itself_is_caught(self) -> None:
        d = datetime(2030, 1, 1, tzinfo=UTC)
        h = timedelta(hours=1)
        assert overlapping_pairs([(d, d + 2 * h), (d + 3 * h, d + 4 * h), (d + h, d + 3 * h)]) == {2}


class TestQuotas:
    def test_the_most_generous_role_wins_and_an_override_beats_it(self) -> None:
        defaults = role_defaults({"user": Limits(max_active_reservations=3)})
        assert effective_limits({"user"}, defaults, None).max_active_reservations == 3
        assert effective_limits({"user", "manager"}, defaults, None).max_active_reservations == 0  # unlimited
        assert effective_limits({"user"}, defaults, Limits(max_active_reservations=7)).max_active_reservations == 7
        assert effective_limits({"user"}, defaults, None).max_hours_per_week == BUILT_IN["user"].max_hours_per_week

    def test_refusals_name_the_quota(self) -> None:
        now = datetime(2030, 1, 7, 12, tzinfo=UTC)
        slot = (now + timedelta(days=1), now + timedelta(days=1, hours=3))
        with pytest.raises(InvalidInput) as info:
            check_new_bookings(Limits(2, 0, 0), Usage(2, {}), [slot], now)
        assert info.value.extra["quota"] == "max_active_reservations"
        with pytest.raises(InvalidInput) as info:
            check_new_bookings(Limits(0, 4, 0), Usage(0, {week_start(slot[0]): 2.0}), [slot], now)
        assert info.value.extra["quota"] == "max_hours_per_week"
        with pytest.raises(InvalidInput) as info:
            check_new_bookings(
                Limits(0, 0, 30), Usage(0, {}), [(now + timedelta(days=40), now + timedelta(days=40, hours=1))], now
            )
        assert info.value.extra["quota"] == "max_advance_days"
        check_new_bookings(Limits(3, 5, 30), Usage(2, {week_start(slot[0]): 2.0}), [slot], now)
