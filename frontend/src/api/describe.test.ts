// @vitest-environment node
import { describe, expect, it } from "vitest";
import en from "../i18n/en";
import es from "../i18n/es";
import { format, type Translate } from "../i18n";
import { qrSource } from "../features/account/AccountPage";
import { describeError } from "./describe";
import { ApiError } from "./errors";

const tr = (messages: Record<string, string>): Translate => (key, vars) => format(messages[key] ?? key, vars);

describe("error sentences from structured fields", () => {
  it("says when check-in opens in the reader's language, not as an ISO timestamp", () => {
    const error = new ApiError(409, { detail: "Check-in opens at 2026-12-09T13:45:00+00:00.", code: "check_in_too_early", opens_at: "2026-12-09T13:45:00+00:00" });
    const english = describeError(error, tr(en), "en");
    expect(english).toMatch(/^Check-in opens at Dec 9, 2026, \d{1,2}:45/);
    expect(english).not.toContain("2026-12-09T");
    expect(describeError(error, tr(es), "es")).toMatch(/^El registro de llegada se abre el 9 dic 2026/);
  });

  it("tells the rate limit once, in good grammar", () => {
    const error = new ApiError(429, { detail: "Too many requests; try again in 1 seconds.", code: "rate_limited", retry_after: 1 });
    expect(describeError(error, tr(en), "en")).toBe("Too many attempts. Try again in 1 s.");
  });

  it("keeps the server's sentence for codes it does not know", () => {
    expect(describeError(new ApiError(409, { detail: "Something specific.", code: "other" }), tr(en), "en")).toBe("Something specific.");
  });
});

describe("the MFA QR code", () => {
  it("uses the API's data: URI as it is", () => {
    const svg = "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=";
    expect(qrSource({ qr_code: "data:image/png;base64,AAAA", qr_code_svg: svg })).toBe(svg);
    expect(qrSource({ qr_code: "data:image/png;base64,AAAA", qr_code_svg: "" })).toBe("data:image/png;base64,AAAA");
    expect(qrSource({ qr_code: "", qr_code_svg: "<svg></svg>" })).toBe("data:image/svg+xml;utf8,%3Csvg%3E%3C%2Fsvg%3E");
  });
});
