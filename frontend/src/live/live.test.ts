// @vitest-environment node
import { describe, expect, it } from "vitest";
import { keysFor, socketUrl } from "./LiveProvider";

describe("live events", () => {
  it("refresh the queries they concern", () => {
    expect(keysFor({ type: "notification", data: {} })).toEqual(expect.arrayContaining([["notifications"], ["unread-count"], ["waitlist"]]));
    expect(keysFor({ type: "resource", data: { event: "reservation.created" } })).toEqual(expect.arrayContaining([["schedule"]]));
    expect(keysFor({ type: "resource", data: { event: "reservation.created" } })).not.toContainEqual(["resources"]);
    expect(keysFor({ type: "resource", data: { event: "resource.status_changed" } })).toContainEqual(["resources"]);
    expect(keysFor({ type: "welcome", data: {} })).toEqual([]);
  });
  it("connect to /ws on the page's own host with the token", () => {
    expect(socketUrl("a b", { protocol: "https:", host: "rr.example.com" } as Location)).toBe("wss://rr.example.com/ws?token=a%20b");
    expect(socketUrl("t", { protocol: "http:", host: "127.0.0.1:8000" } as Location)).toBe("ws://127.0.0.1:8000/ws?token=t");
  });
});
