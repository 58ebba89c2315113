// @vitest-environment node
import { describe, expect, it } from "vitest";
import { capabilitiesFrom } from "./capabilities";

const doc = {
  paths: {
    "/api/v1/resources": { get: { parameters: [{ name: "q", in: "query" }, { name: "capacity_min", in: "query" }] } },
    "/api/v1/waitlist/{entry_id}/accept": { post: {} },
  },
};

describe("capabilitiesFrom", () => {
  it("knows which operations the gateway serves", () => {
    const caps = capabilitiesFrom(doc);
    expect(caps.known).toBe(true);
    expect(caps.has("get", "/api/v1/resources")).toBe(true);
    expect(caps.has("post", "/api/v1/resources")).toBe(false);
  });
  it("ignores path parameter names", () => {
    expect(capabilitiesFrom(doc).has("post", "/api/v1/waitlist/{id}/accept" as "/api/v1/waitlist/{entry_id}/accept")).toBe(true);
  });
  it("knows the query parameters of each operation", () => {
    const caps = capabilitiesFrom(doc);
    expect(caps.accepts("get", "/api/v1/resources", "capacity_min")).toBe(true);
    expect(caps.accepts("get", "/api/v1/resources", "group_id")).toBe(false);
  });
  it("assumes everything is served when the document cannot be read", () => {
    const caps = capabilitiesFrom(null);
    expect(caps.known).toBe(false);
    expect(caps.has("delete", "/api/v1/resources/{resource_id}")).toBe(true);
  });
});
