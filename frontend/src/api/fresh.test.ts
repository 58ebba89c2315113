// @vitest-environment node
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The committed openapi.json and schema.d.ts must match what the gateway publishes now.
describe("the typed API client", () => {
  it("is generated from the gateway's current OpenAPI document", () => {
    const root = resolve(import.meta.dirname, "../..");
    let output = "";
    try {
      output = execFileSync("node", ["scripts/gen-api.mjs", "--check"], { cwd: root, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string };
      throw new Error(`${e.stderr ?? ""}${e.stdout ?? ""}`.trim() || String(error));
    }
    expect(output).toContain("API client is fresh.");
  }, 60_000);
});
