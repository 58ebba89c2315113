// @vitest-environment node
import { describe, expect, it } from "vitest";
import { addDays, closedIntervals, weekdayOf, zonedDate, zonedInstant } from "./zonedTime";

describe("zoned wall-clock times", () => {
  it("turns a Paris wall time into the right instant in winter and summer", () => {
    expect(zonedInstant("2030-01-15", "09:00", "Europe/Paris").toISOString()).toBe("2030-01-15T08:00:00.000Z");
    expect(zonedInstant("2030-07-15", "09:00", "Europe/Paris").toISOString()).toBe("2030-07-15T07:00:00.000Z");
    expect(zonedInstant("2030-07-15", "09:30", "America/New_York").toISOString()).toBe("2030-07-15T13:30:00.000Z");
  });
  it("knows the local date and weekday (Monday = 0)", () => {
    expect(zonedDate(new Date("2030-01-15T23:30:00Z"), "Asia/Tokyo")).toBe("2030-01-16");
    expect(weekdayOf("2030-01-14")).toBe(0);
    expect(weekdayOf("2030-01-20")).toBe(6);
    expect(addDays("2030-02-28", 1)).toBe("2030-03-01");
  });
});

describe("closedIntervals", () => {
  const monday = [{ day_of_week: 0, open_time: "09:00", close_time: "17:00" }];
  it("is empty when no hours are set (always open)", () => {
    expect(closedIntervals([], new Date("2030-01-14T00:00:00Z"), new Date("2030-01-15T00:00:00Z"), "UTC")).toEqual([]);
  });
  it("covers the night around the opening hours and whole closed days", () => {
    const closed = closedIntervals(monday, new Date("2030-01-14T00:00:00Z"), new Date("2030-01-16T00:00:00Z"), "UTC");
    const iso = closed.map((c) => [c.start.toISOString(), c.end.toISOString()]);
    expect(iso).toContainEqual(["2030-01-14T00:00:00.000Z", "2030-01-14T09:00:00.000Z"]);
    expect(iso).toContainEqual(["2030-01-14T17:00:00.000Z", "2030-01-15T00:00:00.000Z"]);
    expect(iso).toContainEqual(["2030-01-15T00:00:00.000Z", "2030-01-16T00:00:00.000Z"]);
  });
  it("reads the hours in the resource's time zone", () => {
    const closed = closedIntervals(monday, new Date("2030-01-14T00:00:00Z"), new Date("2030-01-15T00:00:00Z"), "Europe/Paris");
    expect(closed.some((c) => c.end.toISOString() === "2030-01-14T08:00:00.000Z")).toBe(true);
  });
});
