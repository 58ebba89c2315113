import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { useSession } from "../../auth/AuthProvider";
import { usePollInterval } from "../../live/LiveProvider";

export function useUnreadCount() {
  const signedIn = useSession() !== null;
  return useQuery({
    queryKey: ["unread-count"],
    queryFn: () => unwrap(api.GET("/api/v1/notifications/unread-count")),
    enabled: signedIn,
    refetchInterval: usePollInterval(),
  });
}

export function useNotifications(unreadOnly: boolean, limit = 20) {
  return useInfiniteQuery({
    queryKey: ["notifications", { unreadOnly, limit }],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET("/api/v1/notifications", { params: { query: { unread_only: unreadOnly, limit, cursor: pageParam || undefined } } })),
    initialPageParam: "",
    getNextPageParam: (page) => (page.has_more && page.next_cursor ? page.next_cursor : undefined),
    refetchInterval: usePollInterval(),
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  const done = () => Promise.all([client.invalidateQueries({ queryKey: ["notifications"] }), client.invalidateQueries({ queryKey: ["unread-count"] })]);
  const one = useMutation({
    mutationFn: (id: number) => unwrap(api.POST("/api/v1/notifications/{notification_id}/read", { params: { path: { notification_id: id } } })),
    onSuccess: done,
  });
  const all = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/notifications/mark-all-read")), onSuccess: done });
  return { one, all };
}
