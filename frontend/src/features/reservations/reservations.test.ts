// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Reservation } from "../../api/planned";
import { format, type Translate } from "../../i18n";
import en from "../../i18n/en";
import es from "../../i18n/es";
import { describeNotification, linkFor, type Notification, whenOf } from "../notifications/describe";
import { checkInOpen, groupBySeries } from "./MyReservations";

const at = (iso: string) => Date.parse(iso);
const booking = (id: number, start: string, end: string, series: number | null = null, status = "confirmed") =>
  ({ id, start_time: start, end_time: end, status, series_id: series, check_in_deadline: null, resource_id: 1 }) as unknown as Reservation;

describe("check-in", () => {
  const r = booking(1, "2026-12-09T14:00:00Z", "2026-12-09T15:00:00Z");
  it("is not offered days or an hour early", () => {
    expect(checkInOpen(r, at("2026-12-06T14:00:00Z"))).toBe(false);
    expect(checkInOpen(r, at("2026-12-09T13:00:00Z"))).toBe(false);
  });
  it("is offered from 15 minutes before the start until the end", () => {
    expect(checkInOpen(r, at("2026-12-09T13:45:00Z"))).toBe(true);
    expect(checkInOpen(r, at("2026-12-09T14:30:00Z"))).toBe(true);
    expect(checkInOpen(r, at("2026-12-09T15:00:00Z"))).toBe(false);
    expect(checkInOpen({ ...r, status: "pending" }, at("2026-12-09T14:00:00Z"))).toBe(false);
  });
});

describe("series", () => {
  it("groups occurrences at the place of the first, one-off bookings alone", () => {
    const groups = groupBySeries([
      booking(1, "2026-12-07T09:00:00Z", "2026-12-07T10:00:00Z", 5),
      booking(2, "2026-12-08T09:00:00Z", "2026-12-08T10:00:00Z"),
      booking(3, "2026-12-14T09:00:00Z", "2026-12-14T10:00:00Z", 5),
    ]);
    expect(groups.map((g) => [g.seriesId, g.items.map((r) => r.id)])).toEqual([[5, [1, 3]], [null, [2]]]);
  });
});

describe("notifications", () => {
  const tr = (m: Record<string, string>): Translate => (key, vars) => format(m[key] ?? key, vars);
  const n = { id: 1, type: "reservation_confirmed", title: "Reservation confirmed", message: "Your reservation of Room 1 on Tue 15 Jul 2025, 10:00–11:00 (UTC) is confirmed.", subject_id: 42, is_read: false, user_id: 1, created_at: null } as Notification;
  it("speak the reader's language from their type", () => {
    expect(describeNotification(n, tr(es), "es")).toEqual({ title: "Reserva confirmada", message: "Tu reserva está confirmada." });
    expect(describeNotification(n, tr(en), "en")).toEqual({ title: "Reservation confirmed", message: n.message });
  });
  it("use the parameters when the API sends them", () => {
    const withParams = { ...n, details: { resource: "Sala 1", when: "el 15 de julio, 10:00–11:00" } } as Notification;
    expect(describeNotification(withParams, tr(es), "es").message).toBe("Tu reserva de Sala 1 el 15 de julio, 10:00–11:00 está confirmada.");
  });
  it("say the slot in the reader's language and zone when the API sends its instants", () => {
    const details = { resource: "Sala 1", when: "on Tue 15 Jul 2025, 10:00–11:00 (UTC)", start: "2025-07-15T10:00:00+00:00", end: "2025-07-15T11:00:00+00:00", timezone: "UTC" };
    const message = describeNotification({ ...n, details } as Notification, tr(es), "es").message;
    expect(message).toMatch(/^Tu reserva de Sala 1 \(.*jul.*2025.*\) está confirmada\.$/);
    expect(message).not.toContain("Tue");
    expect(whenOf(details, "es", "UTC")).toBe(`(${new Intl.DateTimeFormat("es", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).formatRange(new Date(details.start), new Date(details.end))})`);
  });
  it("lead to what they are about", () => {
    expect(linkFor(n)).toBe("/reservations?id=42");
    expect(linkFor({ ...n, type: "waitlist_offer" })).toBe("/waitlist");
    expect(linkFor({ ...n, type: "system_announcement" })).toBeNull();
  });
});
