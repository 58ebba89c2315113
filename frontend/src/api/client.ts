// The typed API client (openapi-fetch over the generated schema) with the session's bearer
// token, one silent refresh-and-retry on 401, and failures thrown as ApiError.
import createClient, { type Middleware } from "openapi-fetch";
import { refresh, session } from "../auth/session";
import { ApiError } from "./errors";
import type { ApiPaths } from "./paths";

const NO_AUTH = new Set(["/api/v1/token", "/api/v1/token/refresh", "/api/v1/register", "/api/v1/setup/initialize"]);
const retries = new Map<string, Request>();

const auth: Middleware = {
  onRequest({ request, id }) {
    const path = new URL(request.url).pathname;
    const tokens = session.get();
    if (tokens && !NO_AUTH.has(path) && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${tokens.accessToken}`);
      retries.set(id, request.clone());
    }
    return request;
  },
  async onResponse({ response, id }) {
    const original = retries.get(id);
    retries.delete(id);
    if (response.status !== 401 || !original) return response;
    const stale = original.headers.get("Authorization")?.slice(7);
    const fresh = await refresh(stale);
    if (!fresh || fresh.accessToken === stale) return response;
    const retry = new Request(original, { headers: new Headers(original.headers) });
    retry.headers.set("Authorization", `Bearer ${fresh.accessToken}`);
    return fetch(retry);
  },
  onError({ id }) {
    retries.delete(id);
    return new Response(JSON.stringify({ detail: "The server could not be reached; check your connection.", code: "network_error" }), {
      status: 503,
      headers: { "Content-Type": "application/json" },
    });
  },
};

// fetch is looked up per call, so tests (and polyfills) can stand in for it.
export const api = createClient<ApiPaths>({ baseUrl: globalThis.location?.origin ?? "http://localhost", fetch: (request) => globalThis.fetch(request) });
api.use(auth);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's data, or an ApiError thrown with what the server said. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, error, response.headers.get("Retry-After"));
  return data as T;
}

/** Fetch a download (CSV, iCalendar) with the bearer token and hand it to the browser. */
export async function download(path: string, filename: string): Promise<void> {
  const get = (token?: string) => fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const stale = session.get()?.accessToken;
  let response = await get(stale);
  if (response.status === 401 && stale) {
    const fresh = await refresh(stale);
    if (fresh && fresh.accessToken !== stale) response = await get(fresh.accessToken);
  }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => ({})), response.headers.get("Retry-After"));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A list answer may be a page (`{data: [...]}`) or a bare array; the items either way. */
export function itemsOf<T>(answer: T[] | { data: T[] } | null | undefined): T[] {
  if (!answer) return [];
  return Array.isArray(answer) ? answer : answer.data;
}
