// @vitest-environment node
import { describe, expect, it } from "vitest";
import { parseUserIds } from "./ApprovalSettingsForm";

describe("approver user ids as typed", () => {
  it("reads ids separated by commas or spaces", () => {
    expect(parseUserIds("12, 15 7")).toEqual([12, 15, 7]);
    expect(parseUserIds("")).toEqual([]);
  });
  it("refuses anything that is not a positive whole number", () => {
    expect(parseUserIds("twelve")).toBeNull();
    expect(parseUserIds("0")).toBeNull();
    expect(parseUserIds("1.5")).toBeNull();
  });
});
