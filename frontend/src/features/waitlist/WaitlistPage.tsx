import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconStar } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { useCapabilities } from "../../api/capabilities";
import type { WaitlistEntry } from "../../api/planned";
import { ErrorAlert, Loading, NotAvailable, StatusBadge } from "../../components/feedback";
import { formatDuration, formatRange } from "../../components/format";
import { useI18n } from "../../i18n";
import { usePollInterval } from "../../live/LiveProvider";
import { useOfferActions, useSecondsLeft } from "./offers";

const OPEN = new Set(["waiting", "offered"]);

function Offer({ entry }: { entry: WaitlistEntry }) {
  const { t } = useI18n();
  const caps = useCapabilities();
  const left = useSecondsLeft(entry.offer_expires_at);
  const { accept, decline } = useOfferActions(entry);
  if (caps && !caps.has("post", "/api/v1/waitlist/{entry_id}/accept")) {
    return <NotAvailable feature="feature.waitlistOffers" endpoint="POST /api/v1/waitlist/{entry_id}/accept" />;
  }
  const expired = left === 0;
  return (
    <Alert color="violet" variant="light" icon={<IconStar aria-hidden />} title={t("wl.offer")} data-testid="waitlist-offer">
      <Text size="sm" role="timer" aria-live="off">
        {expired ? t("wl.expired") : left !== null ? t("wl.expiresIn", { time: formatDuration(left) }) : null}
      </Text>
      {accept.error ? <ErrorAlert error={accept.error} /> : decline.error ? <ErrorAlert error={decline.error} /> : null}
      <Group mt="xs">
        <Button onClick={() => accept.mutate()} loading={accept.isPending} disabled={expired}>
          {t("wl.accept")}
        </Button>
        <Button variant="default" onClick={() => decline.mutate()} loading={decline.isPending} disabled={expired}>
          {t("wl.decline")}
        </Button>
      </Group>
    </Alert>
  );
}

function ResourceName({ id }: { id: number }) {
  const resource = useQuery({
    queryKey: ["resource", id],
    queryFn: () => unwrap(api.GET("/api/v1/resources/{resource_id}", { params: { path: { resource_id: id } } })),
    staleTime: 5 * 60_000,
  });
  return <>{resource.data?.name ?? `#${id}`}</>;
}

export default function WaitlistPage() {
  const { t, locale } = useI18n();
  const caps = useCapabilities();
  const client = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ["waitlist", "mine"],
    queryFn: ({ pageParam, signal }) => unwrap(api.GET("/api/v1/waitlist", { params: { query: { limit: 50, cursor: pageParam || undefined } }, signal })),
    initialPageParam: "",
    getNextPageParam: (page) => (page.has_more && page.next_cursor ? page.next_cursor : undefined),
    refetchInterval: usePollInterval(),
  });
  const leave = useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/waitlist/{entry_id}", { params: { path: { entry_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["waitlist"] }),
  });
  const entries = (list.data?.pages.flatMap((p) => p.data) ?? []).filter((e) => OPEN.has(e.status));
  const canLeave = caps?.has("delete", "/api/v1/waitlist/{entry_id}") ?? false;

  return (
    <Stack>
      <Title order={1} size="h2">
        {t("wl.title")}
      </Title>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && !entries.length ? <Text>{t("wl.none")}</Text> : null}
      <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }}>
        {entries.map((entry) => (
          <Paper component="li" withBorder p="sm" key={entry.id} data-testid="waitlist-entry" data-status={entry.status}>
            <Group justify="space-between" align="flex-start">
              <div>
                <Text fw={600}>
                  <ResourceName id={entry.resource_id} />
                </Text>
                <Text size="sm">{t("wl.desired", { range: formatRange(entry.desired_start, entry.desired_end, locale) })}</Text>
                {entry.status === "waiting" ? (
                  <Text size="sm" fw={500} data-testid="waitlist-position">
                    {t("wl.position", { position: entry.position })}
                  </Text>
                ) : null}
                {entry.flexible_time ? <Text size="xs">{t("wl.flexible")}</Text> : null}
              </div>
              <Group gap="xs">
                <StatusBadge status={entry.status} />
                {canLeave && entry.status === "waiting" ? (
                  <Button size="compact-sm" variant="default" onClick={() => leave.mutate(entry.id)} loading={leave.isPending && leave.variables === entry.id}>
                    {t("wl.leave")}
                  </Button>
                ) : null}
              </Group>
            </Group>
            {entry.status === "offered" ? <Offer entry={entry} /> : null}
          </Paper>
        ))}
      </Stack>
      {list.hasNextPage ? (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("app.loadMore")}
        </Button>
      ) : null}
    </Stack>
  );
}
