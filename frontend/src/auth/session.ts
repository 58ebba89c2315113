// The signed-in session: tokens kept in localStorage so a reload stays signed in, refreshed
// silently before the access token expires and once more when an answer says 401.
// Refresh tokens rotate and a reused one revokes the family, so only one refresh may run at a
// time across every tab: a Web Lock serialises them and a tab re-reads storage after waiting.

export type Tokens = { accessToken: string; refreshToken: string; expiresAt: number };
export type EndReason = "signed_out" | "expired";
export type TokenAnswer = { access_token: string; refresh_token?: string | null; expires_in: number };

const KEY = "rr.session";
const REFRESH_PATH = "/api/v1/token/refresh";
const EARLY_MS = 60_000;

type Listener = () => void;
const listeners = new Set<Listener>();
let current: Tokens | null = read();
let endReason: EndReason | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<Tokens | null> | null = null;

function read(): Tokens | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Tokens>;
    if (typeof value.accessToken === "string" && typeof value.refreshToken === "string" && typeof value.expiresAt === "number") {
      return value as Tokens;
    }
  } catch {
    /* unreadable storage: start signed out */
  }
  return null;
}

function emit(): void {
  schedule();
  for (const listener of listeners) listener();
}

function schedule(): void {
  clearTimeout(timer);
  if (!current || typeof window === "undefined") return;
  const wait = Math.max(5_000, current.expiresAt - Date.now() - EARLY_MS);
  timer = setTimeout(() => void refresh(current?.accessToken), wait);
}

export const session = {
  get(): Tokens | null {
    return current;
  },
  endReason(): EndReason | null {
    return endReason;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  set(answer: TokenAnswer): void {
    current = { accessToken: answer.access_token, refreshToken: answer.refresh_token ?? "", expiresAt: Date.now() + answer.expires_in * 1000 };
    endReason = null;
    globalThis.localStorage?.setItem(KEY, JSON.stringify(current));
    emit();
  },
  clear(reason: EndReason): void {
    current = null;
    endReason = reason;
    globalThis.localStorage?.removeItem(KEY);
    emit();
  },
};

/**
 * Get fresh tokens. `staleAccess` is the access token the caller found wanting: if the session
 * already moved on (another request or tab refreshed), the newer tokens are returned as they are.
 */
export function refresh(staleAccess?: string): Promise<Tokens | null> {
  if (inflight) return inflight;
  const run = async (): Promise<Tokens | null> => {
    const latest = read();
    if (latest && latest.accessToken !== current?.accessToken) {
      current = latest;
      emit();
    }
    if (!current?.refreshToken) return current;
    if (staleAccess !== undefined && current.accessToken !== staleAccess) return current;
    const response = await fetch(REFRESH_PATH, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: current.refreshToken }),
    }).catch(() => null);
    if (response === null) return current; // offline: keep the session, try again later
    if (!response.ok) {
      if (response.status === 401 || response.status === 403) session.clear("expired");
      return current;
    }
    session.set((await response.json()) as TokenAnswer);
    return current;
  };
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  inflight = (locks ? (locks.request("rr.session.refresh", run) as unknown as Promise<Tokens | null>) : run()).finally(() => {
    inflight = null;
  });
  return inflight;
}

if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key !== KEY) return;
    current = read();
    if (!current) endReason = "signed_out";
    emit();
  });
  schedule();
}
