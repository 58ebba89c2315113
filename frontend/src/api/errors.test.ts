// @vitest-environment node
import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";

describe("ApiError", () => {
  it("takes the sentence and code of a service error", () => {
    const e = new ApiError(409, { detail: "The resource is already booked.", code: "reservation_conflict", conflicts: [{ start_time: "a", end_time: "b" }] });
    expect(e.message).toBe("The resource is already booked.");
    expect(e.code).toBe("reservation_conflict");
    expect(e.body.conflicts).toHaveLength(1);
  });
  it("files FastAPI's 422 list under each field", () => {
    const e = new ApiError(422, { detail: [{ loc: ["body", "start_time"], msg: "Input should have timezone info", type: "x" }], code: "validation_failed" });
    expect(e.field("start_time")).toBe("Input should have timezone info");
    expect(e.message).toBe("Input should have timezone info");
  });
  it("files a service's `errors` list (all password rules at once)", () => {
    const e = new ApiError(422, {
      detail: "Password must contain a digit.; Password must contain an upper-case letter.",
      code: "validation_failed",
      errors: [{ loc: "password", msg: "Password must contain a digit." }, { loc: "password", msg: "Password must contain an upper-case letter." }],
    });
    expect(e.field("password")).toBe("Password must contain a digit. Password must contain an upper-case letter.");
  });
  it("reads retry_after from the body or the Retry-After header", () => {
    expect(new ApiError(423, { detail: "Locked", code: "account_locked", retry_after: 90 }).retryAfter).toBe(90);
    expect(new ApiError(429, { detail: "Slow down" }, "12").retryAfter).toBe(12);
    expect(new ApiError(500, {}).retryAfter).toBeUndefined();
  });
  it("tells a missing endpoint from a missing record", () => {
    expect(new ApiError(404, { detail: "There is nothing at this address.", code: "not_found" }).notAvailable).toBe(true);
    expect(new ApiError(404, { detail: "No such resource.", code: "not_found" }).notAvailable).toBe(false);
    expect(new ApiError(501, {}).notAvailable).toBe(true);
  });
  it("says something useful without a body", () => {
    expect(new ApiError(502, null).message).toBe("The request failed (HTTP 502).");
    expect(new ApiError(502, null).code).toBe("http_502");
  });
});
