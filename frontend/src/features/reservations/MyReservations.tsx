import { Button, CopyButton, Group, Menu, Modal, Paper, Radio, Stack, Table, Tabs, Text, Textarea, TextInput, Timeline, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDots } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { api, download, itemsOf, unwrap } from "../../api/client";
import { useCapabilities } from "../../api/capabilities";
import type { HistoryEntry, Reservation } from "../../api/planned";
import { ErrorAlert, Loading, StatusBadge } from "../../components/feedback";
import { formatDateTime, formatRange } from "../../components/format";
import { useI18n } from "../../i18n";
import { usePollInterval } from "../../live/LiveProvider";

type Scope = "this" | "following" | "series";
const CANCELLABLE = new Set(["confirmed", "pending", "held"]);

function useReservations(tab: "upcoming" | "past") {
  const poll = usePollInterval();
  const caps = useCapabilities();
  const serverPast = caps?.accepts("get", "/api/v1/reservations/my", "past") ?? false;
  return useInfiniteQuery({
    queryKey: ["reservations", "my", tab, serverPast],
    enabled: caps !== undefined,
    queryFn: ({ pageParam, signal }) => {
      const when = tab === "upcoming" ? { upcoming: true } : serverPast ? { past: true, sort_order: "desc" } : {};
      const query = { ...when, limit: 50, cursor: pageParam || undefined } as { upcoming?: boolean; limit: number; cursor?: string };
      return unwrap(api.GET("/api/v1/reservations/my", { params: { query }, signal }));
    },
    initialPageParam: "",
    getNextPageParam: (page) => (page.has_more && page.next_cursor ? page.next_cursor : undefined),
    refetchInterval: poll,
  });
}

/** Names of the resources on screen, each fetched once and shared with the resource page. */
function useResourceNames(ids: number[]): Map<number, string> {
  const results = useQueries({
    queries: [...new Set(ids)].map((id) => ({
      queryKey: ["resource", id],
      queryFn: () => unwrap(api.GET("/api/v1/resources/{resource_id}", { params: { path: { resource_id: id } } })),
      staleTime: 5 * 60_000,
    })),
  });
  return new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data.name] as [number, string]] : [])));
}

const isSeries = (r: Reservation): boolean => Boolean(r.series_id ?? r.recurrence_id);

function CancelDialog({ reservation, onClose }: { reservation: Reservation | null; onClose: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [scope, setScope] = useState<Scope>("this");
  const cancel = useMutation({
    mutationFn: (r: Reservation) =>
      unwrap(api.POST("/api/v1/reservations/{reservation_id}/cancel", { params: { path: { reservation_id: r.id } }, body: { reason, scope } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("res.cancelled") });
      await Promise.all([client.invalidateQueries({ queryKey: ["reservations"] }), client.invalidateQueries({ queryKey: ["schedule"] })]);
      onClose();
    },
  });
  return (
    <Modal opened={reservation !== null} onClose={onClose} title={t("res.cancelTitle")}>
      {reservation ? (
        <Stack>
          <Textarea label={t("res.cancelReason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
          {isSeries(reservation) ? (
            <Radio.Group label={t("res.scope")} value={scope} onChange={(v) => setScope(v as Scope)}>
              <Stack gap={6} mt={6}>
                <Radio value="this" label={t("res.scopeThis")} />
                <Radio value="following" label={t("res.scopeFollowing")} />
                <Radio value="series" label={t("res.scopeSeries")} />
              </Stack>
            </Radio.Group>
          ) : null}
          {cancel.error ? <ErrorAlert error={cancel.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("res.keep")}
            </Button>
            <Button color="red.8" loading={cancel.isPending} onClick={() => cancel.mutate(reservation)}>
              {t("res.cancel")}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

function HistoryDialog({ reservation, onClose }: { reservation: Reservation | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const history = useQuery({
    queryKey: ["reservations", "history", reservation?.id],
    enabled: reservation !== null,
    queryFn: async () =>
      itemsOf<HistoryEntry>(await unwrap(api.GET("/api/v1/reservations/{reservation_id}/history", { params: { path: { reservation_id: reservation!.id } } }))),
  });
  return (
    <Modal opened={reservation !== null} onClose={onClose} title={t("res.historyTitle", { id: reservation?.id ?? "" })}>
      {history.isPending ? <Loading /> : history.isError ? <ErrorAlert error={history.error} /> : (
        <Timeline bulletSize={14} lineWidth={2}>
          {history.data.map((h, i) => (
            <Timeline.Item key={h.id ?? i} title={<StatusBadge status={h.to_status} />}>
              <Text size="xs">{formatDateTime(h.created_at, locale)}</Text>
              {h.reason ? <Text size="sm">{h.reason}</Text> : null}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Modal>
  );
}

function SubscriptionUrl() {
  const { t } = useI18n();
  const url = useQuery({ queryKey: ["calendar", "subscription"], queryFn: () => unwrap(api.GET("/api/v1/calendar/subscription-url")) });
  if (url.isPending) return <Loading />;
  if (url.isError) return <ErrorAlert error={url.error} />;
  const absolute = new URL(url.data.url, window.location.origin).toString();
  return (
    <Group align="flex-end" wrap="nowrap">
      <TextInput label={t("res.subscribe")} description={t("res.subscribeHint")} value={absolute} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
      <CopyButton value={absolute}>
        {({ copied, copy }) => (
          <Button variant="default" onClick={copy} aria-label={t("res.copyUrl")}>
            {copied ? t("app.copied") : t("app.copy")}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

export default function MyReservations() {
  const { t, locale } = useI18n();
  const caps = useCapabilities();
  const client = useQueryClient();
  const [tab, setTab] = useState<"upcoming" | "past">("upcoming");
  const list = useReservations(tab);
  const [cancelling, setCancelling] = useState<Reservation | null>(null);
  const [historyOf, setHistoryOf] = useState<Reservation | null>(null);
  const now = Date.now();
  const items = useMemo(() => {
    const all = list.data?.pages.flatMap((p) => p.data) ?? [];
    return tab === "past" ? all.filter((r) => Date.parse(String(r.end_time)) < now) : all;
  }, [list.data, tab, now]);
  const names = useResourceNames(items.filter((r) => !r.resource?.name).map((r) => r.resource_id));
  const can = {
    history: caps?.has("get", "/api/v1/reservations/{reservation_id}/history") ?? false,
    checkIn: caps?.has("post", "/api/v1/reservations/{reservation_id}/check-in") ?? false,
    ics: caps?.has("get", "/api/v1/calendar/export/{reservation_id}.ics") ?? false,
    subscribe: caps?.has("get", "/api/v1/calendar/subscription-url") ?? false,
  };
  const checkIn = useMutation({
    mutationFn: (r: Reservation) => unwrap(api.POST("/api/v1/reservations/{reservation_id}/check-in", { params: { path: { reservation_id: r.id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: t("res.checkedIn") });
      return client.invalidateQueries({ queryKey: ["reservations"] });
    },
    onError: (e) => notifications.show({ color: "red", message: e.message }),
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t("res.title")}
      </Title>
      {can.subscribe ? (
        <Paper withBorder p="sm">
          <SubscriptionUrl />
        </Paper>
      ) : null}
      <Tabs value={tab} onChange={(v) => setTab((v as typeof tab) ?? "upcoming")}>
        <Tabs.List>
          <Tabs.Tab value="upcoming">{t("res.upcoming")}</Tabs.Tab>
          <Tabs.Tab value="past">{t("res.past")}</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && !items.length ? <Text>{t("res.none")}</Text> : null}
      {items.length ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover data-testid="reservations-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("res.resource")}</Table.Th>
                <Table.Th>{t("res.when")}</Table.Th>
                <Table.Th>{t("res.status")}</Table.Th>
                <Table.Th>{t("res.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => {
                const name = r.resource?.name ?? names.get(r.resource_id) ?? `#${r.resource_id}`;
                return (
                  <Table.Tr key={r.id} data-testid="reservation-row" data-status={r.status}>
                    <Table.Td>
                      <Link to={`/resources/${r.resource_id}`}>{name}</Link>
                    </Table.Td>
                    <Table.Td>{formatRange(r.start_time, r.end_time, locale)}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={r.status} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {CANCELLABLE.has(r.status) && tab === "upcoming" ? (
                          <Button size="compact-sm" variant="default" onClick={() => setCancelling(r)} aria-label={`${t("res.cancel")}: ${name}, ${formatRange(r.start_time, r.end_time, locale)}`}>
                            {t("res.cancel")}
                          </Button>
                        ) : null}
                        {can.history || can.checkIn || can.ics ? (
                          <Menu position="bottom-end">
                            <Menu.Target>
                              <Button size="compact-sm" variant="subtle" aria-label={`${t("res.actions")}: ${name}`}>
                                <IconDots size={16} aria-hidden />
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              {can.checkIn && r.status === "confirmed" && tab === "upcoming" ? <Menu.Item onClick={() => checkIn.mutate(r)}>{t("res.checkIn")}</Menu.Item> : null}
                              {can.history ? <Menu.Item onClick={() => setHistoryOf(r)}>{t("res.history")}</Menu.Item> : null}
                              {can.ics ? (
                                <Menu.Item onClick={() => void download(`/api/v1/calendar/export/${r.id}.ics`, `reservation-${r.id}.ics`).catch((e: Error) => notifications.show({ color: "red", message: e.message }))}>
                                  {t("res.ics")}
                                </Menu.Item>
                              ) : null}
                            </Menu.Dropdown>
                          </Menu>
                        ) : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {list.hasNextPage ? (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("app.loadMore")}
        </Button>
      ) : null}
      <CancelDialog key={cancelling?.id ?? 0} reservation={cancelling} onClose={() => setCancelling(null)} />
      {can.history ? <HistoryDialog reservation={historyOf} onClose={() => setHistoryOf(null)} /> : null}
    </Stack>
  );
}
