import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, itemsOf, unwrap } from "../../api/client";
import { useCapabilities } from "../../api/capabilities";
import type { Blackout, Page, Resource, TimeRange } from "../../api/planned";
import type { components } from "../../api/schema";
import { localInputToIso } from "../../components/format";
import { usePollInterval } from "../../live/LiveProvider";

export type ResourceFilters = {
  q: string;
  status: string;
  tags: string[];
  capacityMin: number | null;
  availableFrom: string;
  availableUntil: string;
};
export const NO_FILTERS: ResourceFilters = { q: "", status: "", tags: [], capacityMin: null, availableFrom: "", availableUntil: "" };
export const PAGE_SIZE = 50;

/** The query string for the filters the server takes; time filters need /resources/search. */
export function filterQuery(filters: ResourceFilters) {
  return {
    q: filters.q || undefined,
    status: filters.status || undefined,
    tags: filters.tags.length ? filters.tags.join(",") : undefined,
    capacity_min: filters.capacityMin ?? undefined,
    available_from: filters.availableFrom ? localInputToIso(filters.availableFrom) : undefined,
    available_until: filters.availableUntil ? localInputToIso(filters.availableUntil) : undefined,
  };
}

export function useResourceSearch(filters: ResourceFilters) {
  const caps = useCapabilities();
  const timed = Boolean(filters.availableFrom && filters.availableUntil);
  const useSearch = timed && caps?.has("get", "/api/v1/resources/search");
  return useInfiniteQuery({
    queryKey: ["resources", "list", filters, useSearch],
    queryFn: async ({ pageParam, signal }): Promise<Page<Resource>> => {
      const total = !pageParam && caps?.accepts("get", "/api/v1/resources", "include_total") ? { include_total: true } : {};
      const query = { ...filterQuery(filters), ...total, limit: PAGE_SIZE, cursor: pageParam || undefined };
      if (useSearch) return unwrap(api.GET("/api/v1/resources/search", { params: { query }, signal }));
      const { available_from: _f, available_until: _u, capacity_min: _c, ...plain } = query;
      return unwrap(api.GET("/api/v1/resources", { params: { query: { ...plain, ...(caps?.accepts("get", "/api/v1/resources", "capacity_min") ? { capacity_min: query.capacity_min } : {}) } }, signal }));
    },
    initialPageParam: "",
    getNextPageParam: (page) => (page.has_more && page.next_cursor ? page.next_cursor : undefined),
    placeholderData: keepPreviousData,
    enabled: caps !== undefined,
  });
}

export function useResource(id: number) {
  return useQuery({
    queryKey: ["resource", id],
    queryFn: () => unwrap(api.GET("/api/v1/resources/{resource_id}", { params: { path: { resource_id: id } } })),
  });
}

export function useBusinessHours(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ["resource", id, "hours"],
    // The whole answer: its `source` says whether the hours are the resource's own or the site's.
    queryFn: async () => unwrap(api.GET("/api/v1/resources/{resource_id}/business-hours", { params: { path: { resource_id: id } } })),
    enabled,
  });
}

/** The days a resource is closed: its own blackouts and the site-wide ones (resource_id 0), by date. */
export function useBlackouts(id: number, enabled: boolean, siteServed = false) {
  return useQuery({
    queryKey: ["resource", id, "blackouts", { site: siteServed }],
    queryFn: async () => {
      const [own, site] = await Promise.all([
        unwrap(api.GET("/api/v1/resources/{resource_id}/blackout-dates", { params: { path: { resource_id: id } } })).then(itemsOf),
        siteServed ? unwrap(api.GET("/api/v1/site/blackout-dates")).then(itemsOf) : Promise.resolve([]),
      ]);
      const all: Blackout[] = [...own, ...site.map((b) => ({ ...b, resource_id: 0 }))];
      return all.sort((a, b) => a.start_date.localeCompare(b.start_date));
    },
    enabled,
  });
}

const MAX_PAGES = 10;
type Booked = TimeRange & { id: number | null };
export type Busy = { mine: Booked[]; others: TimeRange[]; othersKnown: boolean; othersEndpoint: string };
const ACTIVE = new Set(["confirmed", "pending", "checked_in", "held"]);

/** My reservations on one resource in a range (a few pages at most). */
async function myReservationsOn(resourceId: number, from: string, to: string, signal: AbortSignal): Promise<Booked[]> {
  const out: Booked[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const query = { resource_id: resourceId, from, to, limit: 100, cursor };
    const page = await unwrap(api.GET("/api/v1/reservations/my", { params: { query }, signal }));
    out.push(...page.data.filter((r) => ACTIVE.has(r.status)).map((r) => ({ id: r.id, start_time: r.start_time, end_time: r.end_time })));
    if (!page.has_more || !page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return out;
}

/**
 * What occupies a resource between `from` and `to`: everyone's bookings from /schedule (mine
 * flagged) when the gateway serves it, else only my own.
 */
export function useBusy(resourceId: number, from: Date | null, to: Date | null) {
  const caps = useCapabilities();
  const poll = usePollInterval();
  const start = from?.toISOString();
  const end = to?.toISOString();
  return useQuery({
    queryKey: ["schedule", resourceId, start, end],
    enabled: caps !== undefined && Boolean(start && end),
    refetchInterval: poll,
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }): Promise<Busy> => {
      if (caps?.has("get", "/api/v1/resources/{resource_id}/schedule")) {
        const answer = await unwrap(api.GET("/api/v1/resources/{resource_id}/schedule", { params: { path: { resource_id: resourceId }, query: { start, end } }, signal }));
        const active = answer.reservations.filter((r) => ACTIVE.has(r.status));
        return {
          mine: active.filter((r) => r.mine).map((r) => ({ id: r.reservation_id ?? null, start_time: r.start_time, end_time: r.end_time })),
          others: active.filter((r) => !r.mine),
          othersKnown: true,
          othersEndpoint: "",
        };
      }
      const mine = await myReservationsOn(resourceId, start!, end!, signal);
      return { mine, others: [], othersKnown: false, othersEndpoint: "GET /api/v1/resources/{resource_id}/schedule" };
    },
  });
}

function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

export function useBook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { resource_id: number; start_time: string; end_time: string; notes?: string; idempotencyKey?: string }) => {
      const { idempotencyKey, ...rest } = body;
      return unwrap(api.POST("/api/v1/reservations", { body: { notes: "", ...rest }, params: { header: { "Idempotency-Key": idempotencyKey ?? newKey() } } }));
    },
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ["schedule"] }), client.invalidateQueries({ queryKey: ["reservations"] })]),
  });
}

export function useBookSeries() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: components["schemas"]["RecurringIn"]) => unwrap(api.POST("/api/v1/reservations/recurring", { body })),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ["schedule"] }), client.invalidateQueries({ queryKey: ["reservations"] })]),
  });
}

export function useJoinWaitlist() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { resource_id: number; desired_start: string; desired_end: string; flexible_time?: boolean }) =>
      unwrap(api.POST("/api/v1/waitlist", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["waitlist"] }),
  });
}
