import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { itemsOf } from "../../api/client";
import type { Page } from "../../api/planned";

/** A list endpoint that may answer with a page or a bare array, behind a capability check. */
export function useAnyList<T>(key: unknown[], enabled: boolean, fetch: () => Promise<T[] | Page<T> | { data: T[] }>) {
  return useQuery({ queryKey: key, enabled, queryFn: async () => itemsOf(await fetch()) });
}

/** A cursor-paginated list with "load more". */
export function usePaged<T>(key: unknown[], enabled: boolean, fetch: (cursor: string | undefined) => Promise<Page<T>>) {
  const query = useInfiniteQuery({
    queryKey: key,
    enabled,
    queryFn: ({ pageParam }) => fetch(pageParam || undefined),
    initialPageParam: "",
    getNextPageParam: (page) => (page.has_more && page.next_cursor ? page.next_cursor : undefined),
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.data) ?? [] };
}
