// Waitlist offers wherever the user is: a toast per open offer (resource, time, live countdown,
// Accept / Decline) and the number of open offers for the navigation badge.
import { Button, CloseButton, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconStar } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { api, unwrap } from "../../api/client";
import type { WaitlistEntry } from "../../api/planned";
import { useSession } from "../../auth/AuthProvider";
import { ErrorAlert } from "../../components/feedback";
import { formatDuration, formatRange } from "../../components/format";
import { useI18n } from "../../i18n";
import { usePollInterval } from "../../live/LiveProvider";

/** Seconds left until `deadline`, ticking every second. */
export function useSecondsLeft(deadline: string | null | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!deadline) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  if (!deadline) return null;
  return Math.max(0, Math.round((Date.parse(deadline) - now) / 1000));
}

/** Open offers only: offered and not yet past their expiry. */
export function openOffers(entries: WaitlistEntry[], now = Date.now()): WaitlistEntry[] {
  return entries.filter((e) => e.status === "offered" && (!e.offer_expires_at || Date.parse(e.offer_expires_at) > now));
}

/** The user's open offers; refreshed by live events (the "waitlist" key) or by polling while offline. */
export function useOpenOffers(): WaitlistEntry[] {
  const signedIn = useSession() !== null;
  const poll = usePollInterval();
  const query = useQuery({
    queryKey: ["waitlist", "offers"],
    enabled: signedIn,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/waitlist", { params: { query: { limit: 100 } }, signal })),
    refetchInterval: poll,
    // An expired offer must leave the screen even without news from the server.
    select: (page) => openOffers(page.data),
  });
  return query.data ?? [];
}

export function useOfferActions(entry: WaitlistEntry) {
  const { t } = useI18n();
  const client = useQueryClient();
  const refresh = () => Promise.all(["waitlist", "reservations", "schedule"].map((k) => client.invalidateQueries({ queryKey: [k] })));
  const accept = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/waitlist/{entry_id}/accept", { params: { path: { entry_id: entry.id } } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: t("wl.accepted") });
      return refresh();
    },
    onError: () => refresh(),
  });
  const decline = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/waitlist/{entry_id}/decline", { params: { path: { entry_id: entry.id } } })),
    onSuccess: () => {
      notifications.show({ message: t("wl.declined") });
      return refresh();
    },
    onError: () => refresh(),
  });
  return { accept, decline };
}

function ResourceName({ id }: { id: number }) {
  const resource = useQuery({
    queryKey: ["resource", id],
    queryFn: () => unwrap(api.GET("/api/v1/resources/{resource_id}", { params: { path: { resource_id: id } } })),
    staleTime: 5 * 60_000,
  });
  return <>{resource.data?.name ?? `#${id}`}</>;
}

function OfferToast({ entry, onHide }: { entry: WaitlistEntry; onHide: () => void }) {
  const { t, locale } = useI18n();
  const left = useSecondsLeft(entry.offer_expires_at);
  const { accept, decline } = useOfferActions(entry);
  const expired = left === 0;
  const titleId = `offer-${entry.id}-title`;
  return (
    <Paper withBorder shadow="lg" p="sm" role="region" aria-labelledby={titleId} data-testid="offer-toast" style={{ borderLeft: "4px solid var(--mantine-color-violet-7)" }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconStar size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
          <Text fw={700} size="sm" id={titleId}>
            {t("wl.offerFor")} <ResourceName id={entry.resource_id} />
          </Text>
        </Group>
        <CloseButton size="sm" onClick={onHide} aria-label={t("wl.offerLater")} />
      </Group>
      <Text size="sm">{formatRange(entry.offered_start ?? entry.desired_start, entry.offered_end ?? entry.desired_end, locale)}</Text>
      <Text size="sm" role="timer" aria-live="off" fw={500}>
        {expired ? t("wl.expired") : left !== null ? t("wl.expiresIn", { time: formatDuration(left) }) : null}
      </Text>
      {accept.error ? <ErrorAlert error={accept.error} /> : decline.error ? <ErrorAlert error={decline.error} /> : null}
      <Group mt="xs" gap="xs">
        <Button size="xs" onClick={() => accept.mutate()} loading={accept.isPending} disabled={expired || decline.isPending}>
          {t("wl.accept")}
        </Button>
        <Button size="xs" variant="default" onClick={() => decline.mutate()} loading={decline.isPending} disabled={expired || accept.isPending}>
          {t("wl.decline")}
        </Button>
        <Button size="xs" variant="subtle" component={Link} to="/waitlist" onClick={onHide}>
          {t("wl.openList")}
        </Button>
      </Group>
    </Paper>
  );
}

/** Toasts for open offers, on every page but the waitlist (which shows them in place). */
export function OfferToasts() {
  const { t } = useI18n();
  const offers = useOpenOffers();
  const location = useLocation();
  const [hidden, setHidden] = useState<Set<number>>(() => new Set());
  const shown = offers.filter((o) => !hidden.has(o.id));
  const onWaitlist = location.pathname.startsWith("/waitlist");
  return (
    <div aria-live="polite" aria-label={t("wl.offers")} role="region" style={{ position: "fixed", right: 12, bottom: 12, zIndex: 300, width: "min(380px, calc(100vw - 24px))" }}>
      {!onWaitlist && shown.length ? (
        <Stack gap="xs">
          {shown.map((entry) => (
            <OfferToast key={entry.id} entry={entry} onHide={() => setHidden((h) => new Set(h).add(entry.id))} />
          ))}
        </Stack>
      ) : null}
    </div>
  );
}
