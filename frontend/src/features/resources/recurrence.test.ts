// @vitest-environment node
import { describe, expect, it } from "vitest";
import { conflictsOf, expandOccurrences } from "./recurrence";

const at = (y: number, m: number, d: number, h = 9) => new Date(y, m - 1, d, h, 0, 0, 0);
const days = (list: { start: Date }[]) => list.map((o) => `${o.start.getMonth() + 1}/${o.start.getDate()}`);

describe("expandOccurrences", () => {
  it("returns the single slot without a rule", () => {
    expect(expandOccurrences(at(2030, 1, 7), at(2030, 1, 7, 10), null)).toHaveLength(1);
  });
  it("repeats daily with an interval, ending after a count", () => {
    const list = expandOccurrences(at(2030, 1, 7), at(2030, 1, 7, 10), { frequency: "daily", interval: 2, end_type: "after_count", occurrence_count: 3 });
    expect(days(list)).toEqual(["1/7", "1/9", "1/11"]);
    expect(list.every((o) => o.end.getTime() - o.start.getTime() === 3_600_000)).toBe(true);
  });
  it("repeats weekly on chosen weekdays (Monday = 0) until a date, inclusive", () => {
    // 2030-01-07 is a Monday.
    const list = expandOccurrences(at(2030, 1, 7), at(2030, 1, 7, 10), { frequency: "weekly", interval: 1, days_of_week: [0, 2], end_type: "on_date", end_date: "2030-01-16" });
    expect(days(list)).toEqual(["1/7", "1/9", "1/14", "1/16"]);
  });
  it("skips weekdays before the first slot and honours every-other-week", () => {
    const list = expandOccurrences(at(2030, 1, 9), at(2030, 1, 9, 10), { frequency: "weekly", interval: 2, days_of_week: [0, 2, 4], end_type: "after_count", occurrence_count: 4 });
    expect(days(list)).toEqual(["1/9", "1/11", "1/21", "1/23"]);
  });
  it("repeats monthly on the same day and skips months without it", () => {
    const list = expandOccurrences(at(2030, 1, 31), at(2030, 1, 31, 10), { frequency: "monthly", interval: 1, end_type: "after_count", occurrence_count: 3 });
    expect(days(list)).toEqual(["1/31", "3/31", "5/31"]);
  });
  it("keeps the wall-clock time across a DST change", () => {
    const list = expandOccurrences(at(2030, 3, 25), at(2030, 3, 25, 10), { frequency: "weekly", interval: 1, end_type: "after_count", occurrence_count: 3 });
    expect(list.map((o) => o.start.getHours())).toEqual([9, 9, 9]);
  });
  it("never expands forever", () => {
    const list = expandOccurrences(at(2030, 1, 1), at(2030, 1, 1, 10), { frequency: "daily", interval: 1, end_type: "on_date", end_date: "2099-01-01" });
    expect(list.length).toBeLessThanOrEqual(366);
  });
});

describe("conflictsOf", () => {
  it("flags occurrences overlapping a busy range, touching ends excluded", () => {
    const occ = expandOccurrences(at(2030, 1, 7), at(2030, 1, 7, 10), { frequency: "daily", interval: 1, end_type: "after_count", occurrence_count: 3 });
    const busy = [{ start: at(2030, 1, 8, 9), end: at(2030, 1, 8, 11) }, { start: at(2030, 1, 9, 10), end: at(2030, 1, 9, 11) }];
    expect(conflictsOf(occ, busy)).toEqual([false, true, false]);
  });
});
