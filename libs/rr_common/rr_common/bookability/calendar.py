"""When a resource is open, as UTC instants: weekly hours in local time minus blackout days.

Local wall times are turned into instants through the resource's zone, so a 09:00-17:00 day is
eight hours long in winter and in summer and shifts in UTC across a DST change. A wall time that
does not exist (spring forward) counts from the moment it would have been in the earlier offset;
an ambiguous one (fall back) is its first occurrence. No hours at all means open around the clock.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Span = tuple[datetime, datetime]
# Seven weekdays (Monday first), each a sorted tuple of (open minute, close minute) local times.
Week = tuple[tuple[tuple[int, int], ...], ...]
ALWAYS_OPEN: Week = ()
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class BlackoutRule:
    id: int
    start: date
    end: date
    reason: str = ""
    yearly: bool = False
    site_wide: bool = False

    def occurrences(self, first: date, last: date) -> Iterator[tuple[date, date]]:
        """(start, end) day ranges of this blackout that touch [first, last]."""
        if not self.yearly:
            if self.start <= last and self.end >= first:
                yield self.start, self.end
            return
        length = self.end - self.start
        for year in range(first.year - 1, last.year + 1):
            start = same_day_in(self.start, year)
            end = start + length
            if start <= last and end >= first:
                yield start, end


def same_day_in(day: date, year: int) -> date:
    """The same month and day in another year; 29 February becomes 28 February when absent."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


@dataclass(frozen=True)
class Calendar:
    zone: ZoneInfo
    week: Week = ALWAYS_OPEN
    blackouts: tuple[BlackoutRule, ...] = ()

    def instant(self, day: date, minute: int) -> datetime:
        wall = datetime.combine(day, time()) + timedelta(minutes=minute)
        return wall.replace(tzinfo=self.zone).astimezone(UTC)

    def local_days(self, start: datetime, end: datetime) -> tuple[date, date]:
        """Local dates that can touch [start, end), with a day of margin for odd offsets."""
        return start.astimezone(self.zone).date() - ONE_DAY, end.astimezone(self.zone).date() + ONE_DAY

    def hours(self, start: datetime, end: datetime) -> list[Span]:
        """Open hours clipped to [start, end), merged where one interval runs into the next."""
        if not self.week:
            return [(start, end)] if start < end else []
        first, last = self.local_days(start, end)
        spans: list[Span] = []
        day = first
        while day <= last:
            for open_minute, close_minute in self.week[day.weekday()]:
                s, e = max(self.instant(day, open_minute), start), min(self.instant(day, close_minute), end)
                if s < e:
                    spans.append((s, e))
            day += ONE_DAY
        return merge(spans)

    def closures(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime, BlackoutRule]]:
        """Blackout occurrences (whole local days) touching [start, end), in time order."""
        if not self.blackouts:
            return []
        first, last = self.local_days(start, end)
        found = []
        for rule in self.blackouts:
            for s, e in rule.occurrences(first, last):
                begin, finish = self.instant(s, 0), self.instant(e + ONE_DAY, 0)
                if begin < end and finish > start:
                    found.append((begin, finish, rule))
        return sorted(found, key=lambda item: item[0])

    def open_spans(self, start: datetime, end: datetime) -> list[Span]:
        return subtract(self.hours(start, end), [(s, e) for s, e, _ in self.closures(start, end)])


def merge(spans: list[Span]) -> list[Span]:
    spans.sort()
    merged: list[Span] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def subtract(spans: Sequence[Span], holes: Sequence[Span]) -> list[Span]:
    """`spans` minus `holes` (both sorted); pieces stay ordered and disjoint."""
    result: list[Span] = []
    for s, e in spans:
        pieces = [(s, e)]
        for hs, he in holes:
            pieces = [
                piece for ps, pe in pieces for piece in ((ps, min(pe, hs)), (max(ps, he), pe)) if piece[0] < piece[1]
            ]
        result.extend(pieces)
    return result


def covers(spans: Sequence[Span], start: datetime, end: datetime) -> bool:
    """Does one of the sorted, disjoint `spans` contain [start, end) whole?"""
    index = bisect_right(spans, (start, datetime.max.replace(tzinfo=UTC))) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


def week_of(key: str) -> Week:
    """A week written as one string (catalog's `hours_key`, '0:540-1020,1:540-720') back to the seven days of intervals."""
    if not key:
        return ()
    days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    for item in key.split(","):
        day, _, span = item.partition(":")
        opening, _, closing = span.partition("-")
        days[int(day)].append((int(opening), int(closing)))
    return tuple(tuple(day) for day in days)


def zone_of(name: str) -> ZoneInfo:
    """The zone of a stored resource (validated on write; UTC if the zone database lost it)."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return ZoneInfo("UTC")
