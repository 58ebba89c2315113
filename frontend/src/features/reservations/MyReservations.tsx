import { Badge, Button, CopyButton, Group, Menu, Modal, Paper, Radio, Stack, Table, Tabs, Text, Textarea, TextInput, Timeline, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconDots, IconRepeat } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useEffect, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { describeError } from "../../api/describe";
import { api, download, itemsOf, unwrap } from "../../api/client";
import { useCapabilities } from "../../api/capabilities";
import type { HistoryEntry, Reservation } from "../../api/planned";
import { ErrorAlert, Loading, StatusBadge } from "../../components/feedback";
import { formatDateTime, formatRange, localInputToIso, toLocalInput } from "../../components/format";
import { useI18n } from "../../i18n";
import { usePollInterval } from "../../live/LiveProvider";

type Scope = "this" | "following" | "series";
const CANCELLABLE = new Set(["confirmed", "pending", "held"]);
const MOVABLE = new Set(["confirmed", "pending"]);
/** The booking service opens check-in this long before the start (its default setting). */
export const CHECK_IN_OPENS_MS = 15 * 60_000;

/** Check-in is offered only while it can succeed: from shortly before the start until the end. */
export function checkInOpen(r: Pick<Reservation, "status" | "start_time" | "end_time" | "check_in_deadline">, now = Date.now()): boolean {
  if (r.status !== "confirmed" || !r.start_time || !r.end_time) return false;
  const start = Date.parse(r.start_time);
  const end = Date.parse(r.check_in_deadline ?? r.end_time);
  return now >= start - CHECK_IN_OPENS_MS && now < Math.min(end, Date.parse(r.end_time));
}

type Group = { key: string; seriesId: number | null; items: Reservation[] };

/** Occurrences of one series together, at the place of the first; one-off bookings alone. */
export function groupBySeries(items: Reservation[]): Group[] {
  const groups: Group[] = [];
  const bySeries = new Map<number, Group>();
  for (const r of items) {
    const id = r.series_id ?? null;
    if (id === null) {
      groups.push({ key: `r${r.id}`, seriesId: null, items: [r] });
      continue;
    }
    let group = bySeries.get(id);
    if (!group) {
      group = { key: `s${id}`, seriesId: id, items: [] };
      bySeries.set(id, group);
      groups.push(group);
    }
    group.items.push(r);
  }
  return groups;
}

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

function CancelDialog({ reservation, initialScope = "this", onClose }: { reservation: Reservation | null; initialScope?: Scope; onClose: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [scope, setScope] = useState<Scope>(initialScope);
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

function MoveDialog({ reservation, onClose }: { reservation: Reservation | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [start, setStart] = useState(() => (reservation?.start_time ? toLocalInput(new Date(reservation.start_time)) : ""));
  const [end, setEnd] = useState(() => (reservation?.end_time ? toLocalInput(new Date(reservation.end_time)) : ""));
  const [scope, setScope] = useState<Scope>("this");
  const [localError, setLocalError] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: (r: Reservation) =>
      unwrap(api.PATCH("/api/v1/reservations/{reservation_id}", { params: { path: { reservation_id: r.id } }, body: { start_time: localInputToIso(start), end_time: localInputToIso(end), scope } })),
    onSuccess: async (moved) => {
      notifications.show({ color: "green", message: t("res.moved", { when: formatRange(moved.start_time, moved.end_time, locale) }) });
      await Promise.all([client.invalidateQueries({ queryKey: ["reservations"] }), client.invalidateQueries({ queryKey: ["schedule"] })]);
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    if (!start || !end) return setLocalError(t("book.required"));
    if (new Date(end) <= new Date(start)) return setLocalError(t("book.endBeforeStart"));
    if (reservation) move.mutate(reservation);
  };
  const apiError = move.error;
  return (
    <Modal opened={reservation !== null} onClose={onClose} title={t("res.moveTitle")}>
      {reservation ? (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">{t("res.moveNow", { when: formatRange(reservation.start_time, reservation.end_time, locale) })}</Text>
            <TextInput type="datetime-local" label={t("book.start")} value={start} onChange={(e) => setStart(e.currentTarget.value)} error={localError ?? (apiError ? describeError(apiError, t, locale) : undefined)} required data-autofocus />
            <TextInput type="datetime-local" label={t("book.end")} value={end} onChange={(e) => setEnd(e.currentTarget.value)} required />
            {isSeries(reservation) ? (
              <Radio.Group label={t("res.scope")} value={scope} onChange={(v) => setScope(v as Scope)}>
                <Stack gap={6} mt={6}>
                  <Radio value="this" label={t("res.scopeThis")} />
                  <Radio value="following" label={t("res.scopeFollowing")} />
                  <Radio value="series" label={t("res.scopeSeries")} />
                </Stack>
              </Radio.Group>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t("res.keep")}
              </Button>
              <Button type="submit" loading={move.isPending}>
                {t("res.moveSave")}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Modal>
  );
}

type Can = { history: boolean; checkIn: boolean; ics: boolean; move: boolean };
type Handlers = { cancel(r: Reservation, scope?: Scope): void; move(r: Reservation): void; history(r: Reservation): void; checkIn(r: Reservation): void };

function Actions({ r, name, upcoming, can, on }: { r: Reservation; name: string; upcoming: boolean; can: Can; on: Handlers }) {
  const { t, locale } = useI18n();
  const when = formatRange(r.start_time, r.end_time, locale);
  return (
    <Group gap={4} wrap="wrap">
      {can.checkIn && upcoming && checkInOpen(r) ? (
        <Button size="compact-sm" onClick={() => on.checkIn(r)} aria-label={`${t("res.checkIn")}: ${name}, ${when}`}>
          {t("res.checkIn")}
        </Button>
      ) : null}
      {can.move && upcoming && MOVABLE.has(r.status) ? (
        <Button size="compact-sm" variant="default" onClick={() => on.move(r)} aria-label={`${t("res.move")}: ${name}, ${when}`}>
          {t("res.move")}
        </Button>
      ) : null}
      {CANCELLABLE.has(r.status) && upcoming ? (
        <Button size="compact-sm" variant="default" onClick={() => on.cancel(r)} aria-label={`${t("res.cancel")}: ${name}, ${when}`}>
          {t("res.cancel")}
        </Button>
      ) : null}
      {can.history || can.ics ? (
        <Menu position="bottom-end">
          <Menu.Target>
            <Button size="compact-sm" variant="subtle" aria-label={`${t("res.actions")}: ${name}, ${when}`}>
              <IconDots size={16} aria-hidden />
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {can.history ? <Menu.Item onClick={() => on.history(r)}>{t("res.history")}</Menu.Item> : null}
            {can.ics ? (
              <Menu.Item onClick={() => void download(`/api/v1/calendar/export/${r.id}.ics`, `reservation-${r.id}.ics`).catch((e: Error) => notifications.show({ color: "red", message: e.message }))}>
                {t("res.ics")}
              </Menu.Item>
            ) : null}
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </Group>
  );
}

function SeriesHeading({ group, name, upcoming, on }: { group: Group; name: string; upcoming: boolean; on: Handlers }) {
  const { t } = useI18n();
  const first = group.items[0]!;
  const cancellable = upcoming && group.items.some((r) => CANCELLABLE.has(r.status));
  return (
    <Group justify="space-between" gap="xs" data-testid="series-heading">
      <Group gap={6} wrap="nowrap">
        <IconRepeat size={16} aria-hidden />
        <Text fw={600} size="sm">
          {t("res.seriesOf", { name, count: group.items.length })}
        </Text>
      </Group>
      <Group gap="xs">
        <Button component={Link} to={`/reservations/series/${group.seriesId}`} size="compact-sm" variant="default" data-testid="series-link">
          {t("res.seriesView")}
        </Button>
        {cancellable ? (
          <Button size="compact-sm" variant="default" color="red.8" onClick={() => on.cancel(first, "series")}>
            {t("res.cancelSeries")}
          </Button>
        ) : null}
      </Group>
    </Group>
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
  const [cancelling, setCancelling] = useState<{ r: Reservation; scope: Scope } | null>(null);
  const [moving, setMoving] = useState<Reservation | null>(null);
  const [historyOf, setHistoryOf] = useState<Reservation | null>(null);
  // Narrow screens get one card per booking: a table would push Status and Actions off screen.
  const narrow = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  const [params] = useSearchParams();
  const highlighted = Number(params.get("id")) || null;
  const now = Date.now();
  const items = useMemo(() => {
    const all = list.data?.pages.flatMap((p) => p.data) ?? [];
    return tab === "past" ? all.filter((r) => Date.parse(String(r.end_time)) < now) : all;
  }, [list.data, tab, now]);
  const groups = useMemo(() => groupBySeries(items), [items]);
  const names = useResourceNames(items.filter((r) => !r.resource?.name).map((r) => r.resource_id));
  const nameOf = (r: Reservation) => r.resource?.name ?? names.get(r.resource_id) ?? `#${r.resource_id}`;
  const can: Can & { subscribe: boolean } = {
    history: caps?.has("get", "/api/v1/reservations/{reservation_id}/history") ?? false,
    checkIn: caps?.has("post", "/api/v1/reservations/{reservation_id}/check-in") ?? false,
    ics: caps?.has("get", "/api/v1/calendar/export/{reservation_id}.ics") ?? false,
    subscribe: caps?.has("get", "/api/v1/calendar/subscription-url") ?? false,
    move: caps?.has("patch", "/api/v1/reservations/{reservation_id}") ?? false,
  };
  const checkIn = useMutation({
    mutationFn: (r: Reservation) => unwrap(api.POST("/api/v1/reservations/{reservation_id}/check-in", { params: { path: { reservation_id: r.id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: t("res.checkedIn") });
      return client.invalidateQueries({ queryKey: ["reservations"] });
    },
    onError: (e) => notifications.show({ color: "red", message: describeError(e, t, locale) }),
  });
  const on: Handlers = {
    cancel: (r, scope = "this") => setCancelling({ r, scope }),
    move: setMoving,
    history: setHistoryOf,
    checkIn: (r) => checkIn.mutate(r),
  };
  const upcoming = tab === "upcoming";
  useEffect(() => {
    if (highlighted && items.length) document.getElementById(`reservation-${highlighted}`)?.scrollIntoView({ block: "center" });
  }, [highlighted, items.length]);
  const mark = (r: Reservation) => (r.id === highlighted ? { "data-highlighted": true, style: { outline: "2px solid var(--mantine-color-blue-8)", outlineOffset: -2 } } : {});

  const card = (r: Reservation, inSeries: boolean): ReactNode => {
    const name = nameOf(r);
    return (
      <Paper component="li" withBorder p="sm" key={r.id} id={`reservation-${r.id}`} data-testid="reservation-row" data-status={r.status} {...mark(r)}>
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
            {inSeries ? <Text size="sm" fw={500}>{formatRange(r.start_time, r.end_time, locale)}</Text> : <Link to={`/resources/${r.resource_id}`}>{name}</Link>}
            <StatusBadge status={r.status} />
          </Group>
          {inSeries ? null : <Text size="sm">{formatRange(r.start_time, r.end_time, locale)}</Text>}
          <Actions r={r} name={name} upcoming={upcoming} can={can} on={on} />
        </Stack>
      </Paper>
    );
  };

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
      {items.length && narrow ? (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }} data-testid="reservation-cards">
          {groups.map((g) =>
            g.seriesId === null ? (
              card(g.items[0]!, false)
            ) : (
              <Paper component="li" withBorder p="sm" key={g.key} data-testid="series" bg="var(--mantine-color-default-hover)">
                <SeriesHeading group={g} name={nameOf(g.items[0]!)} upcoming={upcoming} on={on} />
                <Stack component="ul" gap={6} p={0} mt="xs" mb={0} style={{ listStyle: "none" }}>
                  {g.items.map((r) => card(r, true))}
                </Stack>
              </Paper>
            ),
          )}
        </Stack>
      ) : items.length ? (
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
              {groups.map((g) => (
                <Fragment key={g.key}>
                  {g.seriesId !== null ? (
                    <Table.Tr data-testid="series">
                      <Table.Td colSpan={4}>
                        <SeriesHeading group={g} name={nameOf(g.items[0]!)} upcoming={upcoming} on={on} />
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                  {g.items.map((r) => {
                    const name = nameOf(r);
                    return (
                      <Table.Tr key={r.id} id={`reservation-${r.id}`} data-testid="reservation-row" data-status={r.status} {...mark(r)}>
                        <Table.Td style={g.seriesId !== null ? { paddingLeft: 28 } : undefined}>
                          <Link to={`/resources/${r.resource_id}`}>{name}</Link>
                          {g.seriesId !== null ? (
                            <Badge component={Link} to={`/reservations/series/${g.seriesId}`} ml={6} size="xs" variant="outline" c="var(--mantine-color-text)" tt="none" style={{ cursor: "pointer" }}>
                              {t("res.series")}
                            </Badge>
                          ) : null}
                        </Table.Td>
                        <Table.Td>{formatRange(r.start_time, r.end_time, locale)}</Table.Td>
                        <Table.Td>
                          <StatusBadge status={r.status} />
                        </Table.Td>
                        <Table.Td>
                          <Actions r={r} name={name} upcoming={upcoming} can={can} on={on} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {list.hasNextPage ? (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("app.loadMore")}
        </Button>
      ) : null}
      <CancelDialog key={cancelling ? `${cancelling.r.id}-${cancelling.scope}` : 0} reservation={cancelling?.r ?? null} initialScope={cancelling?.scope} onClose={() => setCancelling(null)} />
      <MoveDialog key={moving?.id ?? 0} reservation={moving} onClose={() => setMoving(null)} />
      {can.history ? <HistoryDialog reservation={historyOf} onClose={() => setHistoryOf(null)} /> : null}
    </Stack>
  );
}
