"""Properties of recurrence expansion (`rr_booking.recurrence.rules.expand`) against an independent
model: local wall-clock time kept across daylight-saving changes, months without the start's day
skipped (RFC 5545, as the web app's preview says), Feb 29 only in leap years, COUNT / UNTIL /
the open-ended year and the ten-year horizon as bounds, exclusions, and a sorted list without
duplicates. Pure functions only: no database, no services."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import takewhile
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rr_booking.recurrence.rules import SimpleRecurrence, expand, simple_rule
from rr_common.errors import InvalidInput

# Northern and southern daylight saving, a 30-minute shift (Lord Howe), and zones without any.
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
LIMIT = 400
# The documented bounds, written out rather than imported, so a change to them is noticed: an
# open-ended rule covers one year; nothing is expanded more than ten years (3660 days) out.
OPEN_ENDED_SPAN = timedelta(days=365)
HORIZON = timedelta(days=3660)


def _transition_days(zone: str) -> list[date]:
    """The days on which the zone's UTC offset changes (daylight saving), 2026-2040."""
    tz, found = ZoneInfo(zone), []
    day = date(2026, 1, 1)
    while day.year <= 2040:
        if (
            datetime.combine(day, time(0), tzinfo=tz).utcoffset()
            != datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).utcoffset()
        ):
            found.append(day)
        day += timedelta(days=1)
    return found


# --- strategies -------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# Plain days, the last days of months (28th-31st) and leap days are all first occurrences.
first_days = st.one_of(
    st.dates(date(2026, 1, 1), date(2040, 12, 31)),
    st.builds(_month_end, st.integers(2026, 2040), st.integers(1, 12)),
    st.builds(lambda y: date(y, 2, 29), st.sampled_from([2028, 2032, 2036, 2040])),
    st.builds(
        lambda y, m, d: date(y, m, min(d, calendar.monthrange(y, m)[1])),
        st.integers(2026, 2040),
        st.integers(1, 12),
        st.sampled_from([29, 30, 31]),
    ),
)
TRANSITIONS = {zone: _transition_days(zone) for zone in ZONES}
# Night hours are where daylight saving jumps (gaps and repeated hours) happen.
local_times = st.builds(
    time, st.one_of(st.sampled_from([0, 1, 2, 3, 9, 23]), st.integers(0, 23)), st.sampled_from([0, 15, 30, 45])
)
durations = st.integers(1, 32).map(lambda quarters: timedelta(minutes=15 * quarters))


# --- the model --------------------------------------------------------------------------------


def plain(moment: datetime, tz: ZoneInfo) -> bool:
    """Does this wall-clock time exist exactly once in the zone (not in a gap, not repeated)?"""
    early, late = moment.replace(tzinfo=tz, fold=0), moment.replace(tzinfo=tz, fold=1)
    return early.utcoffset() == late.utcoffset() and early.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == moment


def _months(start: date, interval: int) -> Iterator[tuple[int, int]]:
    k = 0
    while True:
        index = start.year * 12 + start.month - 1 + k * interval
        yield index // 12, index % 12 + 1
        k += 1


def model_days(freq: str, interval: int, first: date, byday: frozenset[int] = frozenset()) -> Iterator[date]:
    """Every day the rule selects, from the first on, in order: written from RFC 5545, not dateutil."""
    if freq == "DAILY":
        day = first
        while True:
            yield day
            day += timedelta(days=interval)
    elif freq == "WEEKLY":
        days = byday or frozenset({first.weekday()})
        monday = first - timedelta(days=first.weekday())
        while True:
            for weekday in sorted(days):
                day = monday + timedelta(days=weekday)
                if day >= first:
                    yield day
            monday += timedelta(weeks=interval)
    elif freq == "MONTHLY":
        for year, month in _months(first, interval):
            if first.day <= calendar.monthrange(year, month)[1]:  # months without that day are skipped
                yield date(year, month, first.day)
    else:
        year = first.year
        while True:
            if first.day <= calendar.monthrange(year, first.month)[1]:  # Feb 29 only in leap years
                yield date(year, first.month, first.day)
            year += interval


class PastHorizon(Exception):
    """The model's verdict that a COUNT reaches past the ten-year horizon: the rule is refused."""


def expected_days(days: Iterator[date], first: date, count: int | None, last_day: date | None) -> list[date]:
    """Bounded by COUNT, or by a last day (UNTIL; one year when open-ended), and always by the
    ten-year horizon (the first occurrence's day + HORIZON); a COUNT the horizon would cut short
    raises PastHorizon."""
    horizon = first + HORIZON
    stop = min(last_day, horizon) if last_day else horizon
    chosen: list[date] = []
    for day in days:
        if count is not None and len(chosen) == count:
            return chosen
        if day > stop:
            if count is not None:
                raise PastHorizon
            return chosen
        chosen.append(day)
    raise AssertionError("unreachable")


def refused_past_horizon(rule: str, start: datetime, finish: datetime, zone: str) -> None:
    with pytest.raises(InvalidInput, match="within ten years"):
        run(rule, start, finish, zone)


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz).replace(tzinfo=None)


def check_occurrences(
    occurrences: list[tuple[datetime, datetime]],
    days: list[date],
    first_start: datetime,
    first_end: datetime,
    tz: ZoneInfo,
) -> None:
    """Each occurrence falls on the model's day at the first one's wall-clock time and lasts as
    long on the wall clock; where that time does not exist once on the day (a daylight-saving
    gap or repeated hour) only the day and one of the two readings of the time are required."""
    starts = [s for s, _ in occurrences]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), "sorted, without duplicates"
    assert all(s.tzinfo is not None and s.utcoffset() == timedelta(0) for s in starts), "answered in UTC"
    assert [local(s, tz).date() for s in starts] == days
    wall_start, wall_end = local(first_start, tz), local(first_end, tz)
    wall_length = wall_end - wall_start
    first_is_plain = plain(wall_start, tz) and plain(wall_end, tz)
    for (start, end), day in zip(occurrences, days, strict=True):
        wanted = datetime.combine(day, wall_start.time())
        readings = {wanted.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1)}
        assert start in readings, f"{start} is not {wanted} local"
        if first_is_plain and plain(wanted, tz) and plain(wanted + wall_length, tz):
            assert local(start, tz) == wanted
            assert local(end, tz) == wanted + wall_length
            assert end > start
    if days and days[0] == wall_start.date() and first_is_plain:
        assert occurrences[0] == (first_start, first_end), "the first occurrence is the requested slot"


def run(
    rule: str, first_start: datetime, first_end: datetime, zone: str, **kwargs: object
) -> list[tuple[datetime, datetime]]:
    expansion = expand(rule, first_start, first_end, zone, limit=kwargs.pop("limit", LIMIT), **kwargs)  # type: ignore[arg-type]
    return [(o.start, o.end) for o in expansion.occurrences]


@st.composite
def firsts(draw: st.DrawFn) -> tuple[str, datetime, datetime]:
    """A zone and a first slot, given (as the API takes it) as an instant with an offset; often on
    or just before a daylight-saving change of that zone."""
    zone = draw(st.sampled_from(ZONES))
    if TRANSITIONS[zone] and draw(st.booleans()):
        day = draw(st.sampled_from(TRANSITIONS[zone])) - timedelta(days=draw(st.sampled_from([0, 0, 1, 3, 7])))
        naive = datetime.combine(
            day, draw(st.one_of(st.builds(time, st.integers(0, 3), st.sampled_from([0, 30])), local_times))
        )
    else:
        naive = datetime.combine(draw(first_days), draw(local_times))
    start = naive.replace(tzinfo=ZoneInfo(zone), fold=draw(st.sampled_from([0, 1]))).astimezone(UTC)
    return zone, start, start + draw(durations)


# --- properties -------------------------------------------------------------------------------


@settings(PROPERTY_SETTINGS, max_examples=500)
@given(
    first=firsts(),
    freq=st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
    interval=st.integers(1, 4),
    end=st.one_of(
        st.tuples(st.just("count"), st.integers(1, 40)),
        st.tuples(st.just("until"), st.integers(-2, 800)),
        st.just(("open", 0)),
    ),
)
def test_expansion_matches_the_model(
    first: tuple[str, datetime, datetime], freq: str, interval: int, end: tuple[str, int]
) -> None:
    zone, start, finish = first
    tz = ZoneInfo(zone)
    first_day = local(start, tz).date()
    kind, amount = end
    rule = f"FREQ={freq};INTERVAL={interval}"
    if kind == "count":
        rule += f";COUNT={amount}"
        try:
            days = expected_days(model_days(freq, interval, first_day), first_day, amount, None)
        except PastHorizon:
            refused_past_horizon(rule, start, finish, zone)
            return
    elif kind == "until":
        last_day = first_day + timedelta(days=amount)
        rule += f";UNTIL={last_day:%Y%m%d}"  # a date: until the end of that local day
        days = expected_days(model_days(freq, interval, first_day), first_day, None, last_day)
    else:
        days = [
            d
            for d in expected_days(model_days(freq, interval, first_day), first_day, None, first_day + OPEN_ENDED_SPAN)
            if d < first_day + OPEN_ENDED_SPAN
        ]
    if not days or (kind != "count" and len(days) > LIMIT):
        with pytest.raises(InvalidInput):  # nothing to book, or more than a series may hold
            run(rule, start, finish, zone)
        return
    check_occurrences(run(rule, start, finish, zone), days, start, finish, tz)


@settings(PROPERTY_SETTINGS, max_examples=400)
@given(
    first=firsts(),
    interval=st.integers(1, 3),
    byday=st.frozensets(st.integers(0, 6), min_size=1),
    count=st.integers(1, 60),
)
def test_weekly_by_weekday_matches_the_model(
    first: tuple[str, datetime, datetime], interval: int, byday: frozenset[int], count: int
) -> None:
    zone, start, finish = first
    tz = ZoneInfo(zone)
    first_day = local(start, tz).date()
    rule = f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(WEEKDAYS[d] for d in sorted(byday))};COUNT={count}"
    days = expected_days(model_days("WEEKLY", interval, first_day, byday), first_day, count, None)
    check_occurrences(run(rule, start, finish, zone), days, start, finish, tz)


@PROPERTY_SETTINGS
@given(
    zone=st.sampled_from(ZONES),
    year=st.integers(2026, 2040),
    month=st.integers(1, 12),
    hour=st.integers(6, 20),
    interval=st.integers(1, 5),
    count=st.integers(1, 30),
)
def test_a_series_on_the_last_day_of_a_month_skips_shorter_months(
    zone: str, year: int, month: int, hour: int, interval: int, count: int
) -> None:
    tz = ZoneInfo(zone)
    first_day = _month_end(year, month)
    start = datetime(year, month, first_day.day, hour, tzinfo=tz)
    rule = f"FREQ=MONTHLY;INTERVAL={interval};COUNT={count}"
    try:
        expected = expected_days(model_days("MONTHLY", interval, first_day), first_day, count, None)
    except PastHorizon:
        refused_past_horizon(rule, start, start + timedelta(hours=1), zone)
        return
    occurrences = run(rule, start, start + timedelta(hours=1), zone)
    days = [local(s, tz).date() for s, _ in occurrences]
    assert all(d.day == first_day.day for d in days), "never moved to another day of the month"
    assert all(local(s, tz).time() == time(hour) for s, _ in occurrences)
    # Between two occurrences, exactly the months of the stride that lack the day are left out.
    for before, after in zip(days, days[1:], strict=False):
        bound = (after.year, after.month)
        between = list(takewhile(lambda ym, bound=bound: ym < bound, _stride_after(before, interval)))
        assert all(first_day.day > calendar.monthrange(y, m)[1] for y, m in between)
        assert ((after.year - before.year) * 12 + after.month - before.month) % interval == 0
    assert days == expected


def _stride_after(day: date, interval: int) -> Iterator[tuple[int, int]]:
    months = _months(day, interval)
    next(months)
    yield from months


@PROPERTY_SETTINGS
@given(
    zone=st.sampled_from(ZONES),
    leap_year=st.sampled_from([2028, 2032, 2036, 2040]),
    interval=st.integers(1, 8),
    count=st.integers(1, 5),
)
def test_a_yearly_series_on_feb_29_happens_only_in_leap_years_within_the_horizon(
    zone: str, leap_year: int, interval: int, count: int
) -> None:
    tz = ZoneInfo(zone)
    start = datetime(leap_year, 2, 29, 10, tzinfo=tz)
    rule = f"FREQ=YEARLY;INTERVAL={interval};COUNT={count}"
    within = [
        y
        for y in range(leap_year, leap_year + 11, interval)
        if calendar.isleap(y) and date(y, 2, 29) <= date(leap_year, 2, 29) + HORIZON
    ]
    if len(within) < count:  # COUNT would reach past the ten-year horizon: refused, not cut
        refused_past_horizon(rule, start, start + timedelta(hours=2), zone)
        return
    occurrences = run(rule, start, start + timedelta(hours=2), zone)
    years = [local(s, tz).year for s, _ in occurrences]
    assert all(local(s, tz).date() == date(y, 2, 29) for (s, _), y in zip(occurrences, years, strict=True))
    assert years == within[:count]


@PROPERTY_SETTINGS
@given(first=firsts(), count=st.integers(1, 40), data=st.data())
def test_exclusions_remove_exactly_what_they_name(
    first: tuple[str, datetime, datetime], count: int, data: st.DataObject
) -> None:
    zone, start, finish = first
    tz = ZoneInfo(zone)
    rule = f"FREQ=DAILY;COUNT={count}"
    everything = run(rule, start, finish, zone)
    assert len(everything) == count  # COUNT is counted before exclusions, as in RFC 5545
    exact = data.draw(st.lists(st.sampled_from(everything), unique=True, max_size=count), label="exdates")
    skipped_days = data.draw(
        st.lists(st.sampled_from([local(s, tz).date() for s, _ in everything]), unique=True, max_size=3),
        label="skip_dates",
    )
    exdates = [s.astimezone(tz) for s, _ in exact]  # any offset names the same instant
    kept = [o for o in everything if o not in exact and local(o[0], tz).date() not in skipped_days]
    if not kept:
        with pytest.raises(InvalidInput):
            expand(rule, start, finish, zone, exdates, skipped_days, limit=LIMIT)
        return
    expansion = expand(rule, start, finish, zone, exdates, skipped_days, limit=LIMIT)
    assert [(o.start, o.end) for o in expansion.occurrences] == kept
    assert sorted(expansion.exdates + [o.start for o in expansion.occurrences]) == [s for s, _ in everything]


@PROPERTY_SETTINGS
@given(
    first=firsts(),
    freq=st.sampled_from(["DAILY", "WEEKLY"]),
    limit=st.one_of(st.integers(1, 60), st.sampled_from([364, 365, 366])),
    extra=st.integers(0, 30),
)
def test_limits_refuse_instead_of_truncating(
    first: tuple[str, datetime, datetime], freq: str, limit: int, extra: int
) -> None:
    zone, start, finish = first
    # COUNT above the limit is refused outright.
    if extra:
        with pytest.raises(InvalidInput, match="at most"):
            expand(f"FREQ={freq};COUNT={limit + extra}", start, finish, zone, limit=limit)
    else:
        assert len(expand(f"FREQ={freq};COUNT={limit}", start, finish, zone, limit=limit).occurrences) == limit
    # An open-ended rule covers one year; more occurrences than the limit is refused, not cut.
    in_a_year = 365 if freq == "DAILY" else 53  # days 0..364 after the first; weeks 0..52
    if in_a_year > limit:
        with pytest.raises(InvalidInput, match="at most"):
            expand(f"FREQ={freq}", start, finish, zone, limit=limit)
    else:
        assert len(expand(f"FREQ={freq}", start, finish, zone, limit=limit).occurrences) == in_a_year


@PROPERTY_SETTINGS
@given(first=firsts(), count=st.integers(2, 30), cut=st.data())
def test_until_as_an_instant_includes_an_occurrence_starting_exactly_then(
    first: tuple[str, datetime, datetime], count: int, cut: st.DataObject
) -> None:
    zone, start, finish = first
    everything = run(f"FREQ=DAILY;COUNT={count}", start, finish, zone)
    index = cut.draw(st.integers(0, count - 1), label="last kept")
    until = everything[index][0]
    assert run(f"FREQ=DAILY;UNTIL={until:%Y%m%dT%H%M%SZ}", start, finish, zone) == everything[: index + 1]
    just_before = until - timedelta(seconds=1)
    if index:
        assert run(f"FREQ=DAILY;UNTIL={just_before:%Y%m%dT%H%M%SZ}", start, finish, zone) == everything[:index]


@PROPERTY_SETTINGS
@given(
    first=firsts(),
    freq=st.sampled_from(["daily", "weekly", "monthly"]),
    interval=st.integers(1, 3),
    days_of_week=st.lists(st.integers(0, 6), unique=True, max_size=7),
    span=st.integers(0, 200),
)
def test_the_simple_form_ends_on_its_end_date_inclusive(
    first: tuple[str, datetime, datetime], freq: str, interval: int, days_of_week: list[int], span: int
) -> None:
    zone, start, finish = first
    tz = ZoneInfo(zone)
    first_day = local(start, tz).date()
    end_date = first_day + timedelta(days=span)
    simple = SimpleRecurrence(freq, interval, days_of_week if freq == "weekly" else (), "on_date", end_date.isoformat())
    rule = simple_rule(simple, tz)
    byday = frozenset(days_of_week) if freq == "weekly" else frozenset()
    days = expected_days(model_days(freq.upper(), interval, first_day, byday), first_day, None, end_date)
    assume(days)
    check_occurrences(run(rule, start, finish, zone), days, start, finish, tz)


@settings(max_examples=60, deadline=None, database=None)
@given(
    zone=st.sampled_from(ZONES),
    rule=st.one_of(
        st.sets(st.sampled_from([2, 4, 6, 9, 11]), min_size=1).map(
            lambda months: f"FREQ=YEARLY;BYMONTH={','.join(map(str, sorted(months)))};BYMONTHDAY=31"
        ),
        st.sampled_from(
            [
                "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
                "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
                "FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31;BYMONTH=4",
            ]
        ),
    ),
)
def test_a_rule_that_never_matches_is_refused(zone: str, rule: str) -> None:
    start = datetime(2027, 1, 5, 9, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="no occurrence in the next ten years"):
        expand(rule, start, start + timedelta(hours=1), zone)


# --- wall-clock times that do not exist, or exist twice, on daylight-saving days ----------------
# The properties above leave these slots out; each case pins what the expansion does with one.

BERLIN = ZoneInfo("Europe/Berlin")


def test_an_occurrence_in_the_spring_forward_gap_still_has_a_positive_length() -> None:
    start = datetime(2027, 3, 27, 2, 30, tzinfo=BERLIN)  # 02:30-03:00 daily; 2027-03-28 02:30 does not exist
    occurrences = run("FREQ=DAILY;COUNT=3", start, start + timedelta(minutes=30), "Europe/Berlin")
    assert all(end > begin for begin, end in occurrences), [
        (str(b.astimezone(BERLIN)), str(e.astimezone(BERLIN))) for b, e in occurrences
    ]
    # RFC 5545: a start in the gap is read with the offset before the change, 02:30 CET = 03:30 CEST.
    gap_start, gap_end = occurrences[1]
    assert (local(gap_start, BERLIN), gap_end - gap_start) == (datetime(2027, 3, 28, 3, 30), timedelta(minutes=30))


def test_the_first_occurrence_is_the_requested_slot_in_the_repeated_hour() -> None:
    start = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 CET, the second time 02:30 happens that night
    occurrences = run("FREQ=DAILY;COUNT=2", start, start + timedelta(minutes=30), "Europe/Berlin")
    assert occurrences[0] == (start, start + timedelta(minutes=30))


def test_a_first_slot_across_the_fall_back_change_keeps_a_positive_length() -> None:
    start = datetime(2027, 10, 31, 0, 45, tzinfo=UTC)  # 02:45 CEST to 02:15 CET: 30 real minutes
    occurrences = run("FREQ=WEEKLY;COUNT=3", start, start + timedelta(minutes=30), "Europe/Berlin")
    assert all(end > begin for begin, end in occurrences), occurrences


def test_an_until_just_after_local_midnight_is_not_refused() -> None:
    start = datetime(2027, 6, 14, 0, 30, tzinfo=BERLIN)  # a Monday, 00:30 local = Sunday 22:30 UTC
    # Tuesday 00:30 local is before UNTIL (Tuesday 01:30 local, written in UTC: Monday 23:30Z).
    occurrences = run("FREQ=WEEKLY;BYDAY=TU;UNTIL=20270614T233000Z", start, start + timedelta(hours=1), "Europe/Berlin")
    assert [local(s, BERLIN) for s, _ in occurrences] == [datetime(2027, 6, 15, 0, 30)]
