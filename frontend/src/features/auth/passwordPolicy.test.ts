// @vitest-environment node
import { describe, expect, it } from "vitest";
import { checkRules, strength } from "./passwordPolicy";

const failing = (password: string, username = "") => checkRules(password, username).filter((c) => !c.ok).map((c) => c.rule);

describe("checkRules mirrors the auth service's policy", () => {
  it("lists every rule a weak password breaks", () => {
    expect(failing("short")).toEqual(["length", "upper", "digit", "special"]);
  });
  it("accepts a password meeting every rule", () => {
    expect(failing("Correct-Horse-42!")).toEqual([]);
  });
  it("refuses a password containing the username, in any case", () => {
    expect(failing("Alice-Secret-42!", "alice")).toEqual(["username"]);
  });
  it("counts spaces as special characters and non-ASCII letters as letters", () => {
    expect(failing("Ünïcode pass 42")).toEqual([]);
  });
  it("caps the length at 128", () => {
    expect(failing(`Aa1!${"x".repeat(130)}`)).toEqual(["length"]);
  });
});

describe("strength", () => {
  it("grows with the rules met and the length", () => {
    expect(strength("", "")).toBe(0);
    expect(strength("short", "")).toBe(0);
    expect(strength("alllowercase", "")).toBeLessThanOrEqual(1);
    expect(strength("Correct-Horse-42!", "")).toBeGreaterThanOrEqual(3);
    expect(strength("Correct-Horse-Battery-Staple-42!", "")).toBe(4);
  });
  it("never rates a password the server would refuse above weak", () => {
    expect(strength("averyveryverylongpassphrasewithoutdigits", "")).toBeLessThanOrEqual(1);
  });
  it("marks down obvious patterns", () => {
    expect(strength("Password-1234!", "")).toBeLessThan(strength("Lantern-Quiet-58!", ""));
  });
});
