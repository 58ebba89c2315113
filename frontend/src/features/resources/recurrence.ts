// Expanding a recurrence rule into occurrences for the preview shown before booking a series.
// Wall-clock arithmetic in the browser's time zone, so 09:00 stays 09:00 across DST changes.
import type { Recurrence } from "../../api/planned";

export type Occurrence = { start: Date; end: Date };
export const MAX_OCCURRENCES = 366;

const DAY_MS = 86_400_000;
const mondayIndex = (d: Date) => (d.getDay() + 6) % 7;

function atDay(base: Date, y: number, m: number, d: number): Date {
  const out = new Date(base);
  out.setFullYear(y, m, d);
  return out;
}

function endDateLimit(rule: Recurrence): Date | null {
  if (rule.end_type !== "on_date" || !rule.end_date) return null;
  const [y, m, d] = rule.end_date.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 23, 59, 59, 999);
}

function* candidates(start: Date, rule: Recurrence): Generator<Date> {
  const interval = Math.max(1, Math.floor(rule.interval || 1));
  if (rule.frequency === "daily") {
    for (let i = 0; ; i += interval) yield atDay(start, start.getFullYear(), start.getMonth(), start.getDate() + i);
  }
  if (rule.frequency === "weekly") {
    const days = [...new Set(rule.days_of_week?.length ? rule.days_of_week : [mondayIndex(start)])].sort((a, b) => a - b);
    const monday = atDay(start, start.getFullYear(), start.getMonth(), start.getDate() - mondayIndex(start));
    for (let week = 0; ; week += interval) {
      for (const day of days) {
        const date = atDay(monday, monday.getFullYear(), monday.getMonth(), monday.getDate() + week * 7 + day);
        if (date >= start) yield date;
      }
    }
  }
  // monthly: the same day of the month; months without that day are skipped (as in RFC 5545)
  for (let i = 0; i < 12 * 50; i += interval) {
    const date = atDay(start, start.getFullYear(), start.getMonth() + i, start.getDate());
    if (date.getDate() === start.getDate()) yield date;
  }
}

export function expandOccurrences(start: Date, end: Date, rule: Recurrence | null, max = MAX_OCCURRENCES): Occurrence[] {
  const duration = end.getTime() - start.getTime();
  if (!rule) return [{ start, end }];
  const until = endDateLimit(rule);
  const count = rule.end_type === "after_count" ? Math.max(1, Math.min(max, rule.occurrence_count ?? 1)) : max;
  const out: Occurrence[] = [];
  for (const date of candidates(start, rule)) {
    if (until && date > until) break;
    if (out.length >= count) break;
    if (date.getTime() - start.getTime() > 5 * 366 * DAY_MS) break;
    out.push({ start: date, end: new Date(date.getTime() + duration) });
  }
  return out;
}

export type Busy = { start: Date; end: Date };

export function overlaps(a: Busy, b: Busy): boolean {
  return a.start < b.end && b.start < a.end;
}

export function conflictsOf(occurrences: Occurrence[], busy: Busy[]): boolean[] {
  return occurrences.map((o) => busy.some((b) => overlaps(o, b)));
}
