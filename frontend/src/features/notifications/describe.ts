// A notification's words in the reader's language, from its type and parameters, and where it
// leads. The server's own English sentence is the fallback for types the app does not know.
import type { components } from "../../api/schema";
import type { Language, Translate } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

export type Notification = components["schemas"]["NotificationOut"];

const KNOWN = new Set([
  "reservation_confirmed", "reservation_cancelled", "reservation_reminder", "resource_available", "waitlist_offer",
  "approval_requested", "approval_decided", "resource_maintenance", "webhook_disabled",
]);

/** Parameters the notification carries (resource name, time, ...), when the API sends them. */
function paramsOf(n: Notification): Record<string, string> {
  const raw = (n as { details?: unknown; params?: unknown }).details ?? (n as { params?: unknown }).params;
  if (!raw || typeof raw !== "object") return {};
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter(([, v]) => typeof v === "string" || typeof v === "number").map(([k, v]) => [k, String(v)]));
}

/** The slot in the reader's language and time zone, from the ISO `start` and `end` the API sends. */
export function whenOf(params: Record<string, string>, language: Language, timeZone?: string): string {
  const start = params.start ? new Date(params.start) : null;
  if (!start || Number.isNaN(start.getTime())) return "";
  const end = params.end ? new Date(params.end) : null;
  const format = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone });
  const range = end && !Number.isNaN(end.getTime()) ? format.formatRange(start, end) : format.format(start);
  return `(${range})`;
}

export function describeNotification(n: Notification, t: Translate, language: Language): { title: string; message: string } {
  if (!KNOWN.has(n.type)) return { title: n.title, message: n.message };
  const title = t(`ntype.${n.type}` as MessageKey);
  const params = paramsOf(n);
  if (params.resource) {
    // The server's `when` is English: with the slot's instants the reader's own words replace it.
    const when = params.start ? whenOf(params, language) : (params.when ?? "");
    const message = t(`nmsg.${n.type}` as MessageKey, { ...params, when });
    return { title, message: message.replace(/\s+([.,;])/g, "$1") };
  }
  // Without parameters the server's sentence carries the facts; it is written in English.
  return { title, message: language === "en" ? n.message : t(`nmsg.${n.type}.plain` as MessageKey) };
}

const RESERVATION_TYPES = new Set(["reservation_confirmed", "reservation_cancelled", "reservation_reminder", "approval_decided"]);

/** Where the notification's subject lives in the app, if anywhere. */
export function linkFor(n: Notification): string | null {
  if (RESERVATION_TYPES.has(n.type)) return n.subject_id ? `/reservations?id=${n.subject_id}` : "/reservations";
  if (n.type === "waitlist_offer") return "/waitlist";
  if (n.type === "approval_requested") return "/admin/approvals";
  if ((n.type === "resource_maintenance" || n.type === "resource_available") && n.subject_id) return `/resources/${n.subject_id}`;
  return null;
}
