// One WebSocket to the gateway's /ws while signed in. Server events refresh the queries they
// concern; while the socket is down, screens fall back to polling (see usePollInterval).
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useSession } from "../auth/AuthProvider";
import { refresh, session } from "../auth/session";

export type LiveState = "connecting" | "live" | "offline";
export type LiveEvent = { type: string; data: Record<string, unknown>; id?: string; ts?: string };
type Handler = (event: LiveEvent) => void;
type Ctx = { state: LiveState; subscribeResources(ids: number[]): () => void; onEvent(handler: Handler): () => void };

export const POLL_MS = 30_000;
const PING_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;
const LiveContext = createContext<Ctx>({ state: "offline", subscribeResources: () => () => undefined, onEvent: () => () => undefined });

/**
 * Which cached queries a frame makes stale. `notification` frames are the user's own news (a
 * booking confirmed, a waitlist offer): they touch reservations and the waitlist too.
 * `resource` frames tell of bookings and status changes on a subscribed resource.
 */
export function keysFor(event: LiveEvent): string[][] {
  if (event.type === "notification") return [["notifications"], ["unread-count"], ["waitlist"], ["reservations"]];
  if (event.type === "resource") {
    const kind = String(event.data?.event ?? "");
    const keys = [["schedule"], ["reservations"], ["waitlist"]];
    if (kind.includes("status")) keys.push(["resource"], ["resources"]);
    return keys;
  }
  if (event.type === "announcement") return [["notifications"], ["unread-count"]];
  return [];
}

const QUIET = new Set(["welcome", "pong", "heartbeat", "ping", "error"]);
const BAD_TOKEN = 4401;

function applyEvent(client: QueryClient, event: LiveEvent): void {
  for (const key of keysFor(event)) void client.invalidateQueries({ queryKey: key });
}

export function socketUrl(token: string, location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const tokens = useSession();
  const signedIn = tokens !== null;
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("offline");
  const socket = useRef<WebSocket | null>(null);
  const handlers = useRef(new Set<Handler>());
  const wanted = useRef(new Map<number, number>());

  const sendSubscriptions = useCallback(() => {
    const ws = socket.current;
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ action: "subscribe", resource_ids: [...wanted.current.keys()] }));
  }, []);

  useEffect(() => {
    if (!signedIn || typeof WebSocket === "undefined") {
      setState("offline");
      return;
    }
    let stopped = false;
    let backoff = 1_000;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;
    let sentToken = "";
    // A refreshed access token goes to the open socket, which would otherwise close at expiry.
    const unlisten = session.subscribe(() => {
      const token = session.get()?.accessToken;
      if (token && token !== sentToken && socket.current?.readyState === WebSocket.OPEN) {
        socket.current.send(JSON.stringify({ action: "auth", token }));
        sentToken = token;
      }
    });

    const connect = () => {
      const token = session.get()?.accessToken;
      if (!token || stopped) return;
      setState("connecting");
      const ws = new WebSocket(socketUrl(token));
      socket.current = ws;
      ws.onopen = () => {
        backoff = 1_000;
        setState("live");
        sendSubscriptions();
        ping = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ action: "ping" })), PING_MS);
        // Whatever happened while we were away:
        void client.invalidateQueries();
      };
      sentToken = token;
      ws.onmessage = (message) => {
        let event: LiveEvent;
        try {
          event = JSON.parse(String(message.data)) as LiveEvent;
        } catch {
          return;
        }
        if (!event || typeof event.type !== "string" || QUIET.has(event.type)) return;
        applyEvent(client, event);
        for (const handler of handlers.current) handler(event);
      };
      ws.onclose = (closed) => {
        clearInterval(ping);
        if (socket.current === ws) socket.current = null;
        if (stopped) return;
        setState("offline");
        if (closed.code === BAD_TOKEN) void refresh(token);
        retry = setTimeout(connect, backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      };
    };
    connect();
    return () => {
      stopped = true;
      unlisten();
      clearTimeout(retry);
      clearInterval(ping);
      socket.current?.close();
      socket.current = null;
    };
  }, [signedIn, client, sendSubscriptions]);

  const subscribeResources = useCallback(
    (ids: number[]) => {
      for (const id of ids) wanted.current.set(id, (wanted.current.get(id) ?? 0) + 1);
      sendSubscriptions();
      return () => {
        for (const id of ids) {
          const n = (wanted.current.get(id) ?? 1) - 1;
          if (n > 0) wanted.current.set(id, n);
          else wanted.current.delete(id);
        }
      };
    },
    [sendSubscriptions],
  );
  const onEvent = useCallback((handler: Handler) => {
    handlers.current.add(handler);
    return () => {
      handlers.current.delete(handler);
    };
  }, []);

  const value = useMemo(() => ({ state, subscribeResources, onEvent }), [state, subscribeResources, onEvent]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): Ctx {
  return useContext(LiveContext);
}

/** Poll only while live updates are off. */
export function usePollInterval(): number | false {
  return useLive().state === "live" ? false : POLL_MS;
}
