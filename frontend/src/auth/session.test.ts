import { afterEach, describe, expect, it, vi } from "vitest";
import { api, unwrap } from "../api/client";
import { fakeFetch, json } from "../test/render";
import { refresh, session } from "./session";

const pair = (n: number) => ({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: "bearer", expires_in: 900 });

afterEach(() => session.clear("signed_out"));

describe("session refresh", () => {
  it("rotates the pair once however many callers ask at the same time", async () => {
    session.set(pair(1));
    const { fetchFn, calls } = fakeFetch({ "POST /api/v1/token/refresh": () => json(pair(2)) });
    vi.stubGlobal("fetch", fetchFn);
    const [a, b] = await Promise.all([refresh("access-1"), refresh("access-1")]);
    expect(a?.accessToken).toBe("access-2");
    expect(b?.accessToken).toBe("access-2");
    expect(calls.filter((c) => c.url.endsWith("/token/refresh"))).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem("rr.session")!).refreshToken).toBe("refresh-2");
  });

  it("does not refresh again when the caller's token is already stale", async () => {
    session.set(pair(3));
    const { fetchFn, calls } = fakeFetch({});
    vi.stubGlobal("fetch", fetchFn);
    expect((await refresh("access-old"))?.accessToken).toBe("access-3");
    expect(calls).toHaveLength(0);
  });

  it("ends the session when the refresh token is refused", async () => {
    session.set(pair(4));
    vi.stubGlobal("fetch", fakeFetch({ "POST /api/v1/token/refresh": () => json({ detail: "reused", code: "refresh_token_reused" }, 401) }).fetchFn);
    await refresh("access-4");
    expect(session.get()).toBeNull();
    expect(session.endReason()).toBe("expired");
  });
});

describe("the API client", () => {
  it("sends the bearer token, refreshes silently on 401 and retries once", async () => {
    session.set(pair(5));
    const seen: string[] = [];
    const { fetchFn } = fakeFetch({
      "GET /api/v1/users/me": (req) => {
        const auth = req.headers.get("Authorization") ?? "";
        seen.push(auth);
        return auth === "Bearer access-6" ? json({ id: 1, username: "alice", roles: ["user"] }) : json({ detail: "expired", code: "token_expired" }, 401);
      },
      "POST /api/v1/token/refresh": () => json(pair(6)),
    });
    vi.stubGlobal("fetch", fetchFn);
    const me = await unwrap(api.GET("/api/v1/users/me"));
    expect(me.username).toBe("alice");
    expect(seen).toEqual(["Bearer access-5", "Bearer access-6"]);
  });

  it("throws an ApiError carrying the server's sentence", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "GET /api/v1/resources/{x}": () => json({}) }).fetchFn);
    await expect(unwrap(api.GET("/api/v1/resources/{resource_id}", { params: { path: { resource_id: 9 } } }))).rejects.toMatchObject({ status: 404, message: "There is nothing at this address." });
  });
});
