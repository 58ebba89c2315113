// A stored RFC 5545 rule (what GET /reservations/series/{id} returns) in the reader's words.
import type { Translate } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

const FREQ: Record<string, [MessageKey, MessageKey]> = {
  DAILY: ["series.daily", "series.dailyN"],
  WEEKLY: ["series.weekly", "series.weeklyN"],
  MONTHLY: ["series.monthly", "series.monthlyN"],
  YEARLY: ["series.yearly", "series.yearlyN"],
};
// 2024-01-01 was a Monday: day i of the rule's week is 2024-01-0(1+i).
const BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/** `FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`, possibly after `DTSTART…` and `RRULE:` lines, as a map. */
export function ruleParts(rrule: string): Map<string, string> {
  const line = rrule.replace(/RRULE:/g, "\n").split("\n").find((l) => l.includes("FREQ=")) ?? "";
  return new Map(line.trim().split(";").filter((p) => p.includes("=")).map((p) => p.split("=", 2) as [string, string]));
}

function weekdays(codes: string, locale: string): string {
  const name = new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" });
  const days = codes.split(",").map((c) => BYDAY.indexOf(c.slice(-2))).filter((i) => i >= 0);
  return new Intl.ListFormat(locale, { type: "conjunction" }).format(days.map((i) => name.format(new Date(Date.UTC(2024, 0, 1 + i)))));
}

function untilDate(value: string, locale: string): string {
  const [y, m, d] = [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8)].map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
}

/** "Every week on Monday and Wednesday, 10 times" — or the rule itself when it is not one we can say. */
export function describeRule(rrule: string, t: Translate, locale: string): string {
  const parts = ruleParts(rrule);
  const keys = FREQ[parts.get("FREQ") ?? ""];
  if (!keys) return rrule;
  const n = Number(parts.get("INTERVAL") ?? "1") || 1;
  const pieces = [n > 1 ? t(keys[1], { n }) : t(keys[0])];
  const byday = parts.get("BYDAY");
  if (byday) pieces[0] += ` ${t("series.onDays", { days: weekdays(byday, locale) })}`;
  const count = parts.get("COUNT");
  const until = parts.get("UNTIL");
  if (count) pieces.push(t("series.times", { count }));
  else if (until) pieces.push(t("series.until", { date: untilDate(until, locale) }));
  return pieces.join(", ");
}
