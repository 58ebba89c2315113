// Wall-clock times in a resource's own time zone (opening hours are kept that way) turned into
// instants, with nothing but Intl.

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows `date` (YYYY-MM-DD) `time` (HH:MM). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const wall = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0);
  let guess = wall - offsetMs(wall, timeZone);
  guess = wall - offsetMs(guess, timeZone);
  return new Date(guess);
}

/** The calendar date (YYYY-MM-DD) that `instant` falls on in `timeZone`. */
export function zonedDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** Monday = 0 … Sunday = 6, as the API numbers days. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return (new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay() + 6) % 7;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

export type Interval = { start: Date; end: Date };
export type Hours = { day_of_week: number; open_time: string; close_time: string };

/** The closed stretches between `from` and `to` given weekly opening hours (none: always open). */
export function closedIntervals(hours: Hours[], from: Date, to: Date, timeZone: string): Interval[] {
  if (!hours.length) return [];
  const out: Interval[] = [];
  let day = addDays(zonedDate(from, timeZone), -1);
  const last = addDays(zonedDate(to, timeZone), 1);
  while (day <= last) {
    const dayStart = zonedInstant(day, "00:00", timeZone);
    const dayEnd = zonedInstant(addDays(day, 1), "00:00", timeZone);
    const open = hours
      .filter((h) => h.day_of_week === weekdayOf(day))
      .map((h) => ({ start: zonedInstant(day, h.open_time, timeZone), end: h.close_time <= "00:00" ? dayEnd : zonedInstant(day, h.close_time, timeZone) }))
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    let cursor = dayStart;
    for (const o of open) {
      if (o.start > cursor) out.push({ start: cursor, end: o.start });
      if (o.end > cursor) cursor = o.end;
    }
    if (cursor < dayEnd) out.push({ start: cursor, end: dayEnd });
    day = addDays(day, 1);
  }
  return out.filter((i) => i.end > from && i.start < to);
}
