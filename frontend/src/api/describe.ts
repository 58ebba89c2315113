// One sentence for a failed request, in the reader's language and time zone: errors the API
// describes with structured fields (conflicts, opens_at, retry_after, ...) are rendered from
// those fields; anything else keeps the server's own sentence.
import { formatDateTime, formatDuration, formatRange } from "../components/format";
import type { Translate } from "../i18n";
import { ApiError } from "./errors";

type Range = { start_time?: unknown; end_time?: unknown };

/** The taken ranges a conflict answer lists, formatted for `locale`. */
export function conflictRanges(error: ApiError, locale: string): string[] {
  const conflicts = error.body.conflicts;
  if (!Array.isArray(conflicts)) return [];
  return conflicts
    .filter((c): c is Range => typeof c === "object" && c !== null)
    .filter((c) => typeof c.start_time === "string" && typeof c.end_time === "string")
    .map((c) => formatRange(String(c.start_time), String(c.end_time), locale));
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

/** Codes rendered from their fields, so callers know the wait is already said. */
export const SAYS_RETRY = new Set(["rate_limited", "account_locked"]);

export function describeError(error: unknown, t: Translate, locale: string): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const wait = error.retryAfter ? formatDuration(error.retryAfter) : undefined;
  switch (error.code) {
    case "reservation_conflict": {
      const ranges = conflictRanges(error, locale);
      return ranges.length ? t("err.conflictWith", { ranges: ranges.join("; ") }) : t("book.conflict");
    }
    case "check_in_too_early": {
      const opens = text(error.body.opens_at);
      return opens ? t("err.checkInTooEarly", { time: formatDateTime(opens, locale) }) : error.message;
    }
    case "check_in_too_late":
      return t("err.checkInTooLate");
    case "rate_limited":
      return wait ? t("err.rateLimitedWait", { time: wait }) : t("err.rateLimited");
    case "account_locked":
      return wait ? t("auth.lockedWait", { time: wait }) : t("auth.locked");
    case "invalid_credentials":
      return t("err.badCredentials");
    case "already_waiting":
      return t("err.alreadyWaiting");
    case "offer_expired":
      return t("err.offerExpired");
    case "network_error":
      return t("err.network");
    case "in_the_past":
      return t("err.inThePast");
    default:
      return error.message;
  }
}
