import { Anchor, Badge, Button, Grid, Group, Modal, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft } from "@tabler/icons-react";
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { useCapabilities } from "../../api/capabilities";
import type { Blackout, BusinessHours, Resource } from "../../api/planned";
import { ErrorAlert, Loading, NotAvailable, StatusBadge } from "../../components/feedback";
import { formatDateTime, formatRange, localInputToIso, toLocalInput } from "../../components/format";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { BookingForm, type Slot } from "./BookingForm";
import { useBlackouts, useBusinessHours, useJoinWaitlist, useResource } from "./queries";

const WeekView = lazy(() => import("./WeekView"));

function Details({ resource }: { resource: Resource }) {
  const { t } = useI18n();
  const rows: [string, string][] = [
    [t("resources.location"), resource.location || "—"],
    [t("resources.capacity", { capacity: "" }).trim(), resource.capacity != null ? String(resource.capacity) : "—"],
    [t("resources.timezone"), resource.timezone],
  ];
  return (
    <Stack gap="xs">
      {resource.description ? <Text>{resource.description}</Text> : null}
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Tbody>
          {rows.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Th w={140}>{k}</Table.Th>
              <Table.Td>{v}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {resource.tags.length ? (
        <Group gap={4}>
          {resource.tags.map((tag) => (
            <Badge key={tag} variant="outline" c="var(--mantine-color-text)" tt="none">
              #{tag}
            </Badge>
          ))}
        </Group>
      ) : null}
      {resource.requires_approval ? <Text size="sm">ⓘ {t("resources.approval")}</Text> : null}
    </Stack>
  );
}

function HoursTable({ hours }: { hours: BusinessHours[] }) {
  const { t } = useI18n();
  if (!hours.length) return <Text size="sm">{t("resources.hoursNone")}</Text>;
  return (
    <Table withTableBorder data-testid="opening-hours">
      <Table.Tbody>
        {[0, 1, 2, 3, 4, 5, 6].map((d) => {
          const spans = hours.filter((h) => h.day_of_week === d);
          return (
            <Table.Tr key={d}>
              <Table.Th scope="row">{t(`day.${d}` as MessageKey)}</Table.Th>
              <Table.Td>{spans.length ? spans.map((h) => `${h.open_time.slice(0, 5)}–${h.close_time.slice(0, 5)}`).join(", ") : t("resources.closed")}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function BlackoutList({ blackouts }: { blackouts: Blackout[] }) {
  const { t, locale } = useI18n();
  if (!blackouts.length) return <Text size="sm">—</Text>;
  return (
    <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {blackouts.map((b) => (
        <Text component="li" size="sm" key={b.id}>
          {formatRange(b.start_date, b.end_date, locale)}
          {b.reason ? ` — ${b.reason}` : ""}
          {b.resource_id === 0 ? ` (${t("resources.blackoutSiteWide")})` : ""}
        </Text>
      ))}
    </Stack>
  );
}

function TakenDialog({ resource, slot, onClose }: { resource: Resource; slot: Slot | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const join = useJoinWaitlist();
  return (
    <Modal opened={slot !== null} onClose={onClose} title={t("wl.joinTitle")}>
      {slot ? (
        <Stack>
          <Text>{t("week.slotTaken")}</Text>
          <Text size="sm">{t("wl.desired", { range: formatRange(slot.start, slot.end, locale) })}</Text>
          {join.error ? <ErrorAlert error={join.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("app.cancel")}
            </Button>
            <Button
              loading={join.isPending}
              onClick={() =>
                join.mutate(
                  {
                    resource_id: resource.id,
                    desired_start: localInputToIso(toLocalInput(slot.start)),
                    desired_end: localInputToIso(toLocalInput(slot.end)),
                    flexible_time: false,
                  },
                  {
                    onSuccess: (entry) => {
                      notifications.show({ color: "blue", message: t("wl.inLine", { position: entry.position }) });
                      onClose();
                    },
                  },
                )
              }
            >
              {t("week.joinWaitlist")}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}

export default function ResourcePage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const caps = useCapabilities();
  const resource = useResource(id);
  const hoursServed = caps?.has("get", "/api/v1/resources/{resource_id}/business-hours") ?? false;
  const blackoutsServed = caps?.has("get", "/api/v1/resources/{resource_id}/blackout-dates") ?? false;
  const hours = useBusinessHours(id, hoursServed);
  const blackouts = useBlackouts(id, blackoutsServed, caps?.has("get", "/api/v1/site/blackout-dates") ?? false);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [taken, setTaken] = useState<Slot | null>(null);

  if (resource.isPending) return <Loading />;
  if (resource.isError) return <ErrorAlert error={resource.error} onRetry={() => void resource.refetch()} />;
  const r = resource.data;
  return (
    <Stack>
      <Anchor component={Link} to="/resources" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t("resources.back")}
        </Group>
      </Anchor>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {r.name}
        </Title>
        <Group gap="xs">
          <StatusBadge status={r.status} />
          {r.status_reason || r.status_until ? (
            <Text size="sm" data-testid="status-reason">
              {[r.status_reason, r.status_until ? `${t("admin.until")} ${formatDateTime(r.status_until, locale)}` : ""].filter(Boolean).join(" · ")}
            </Text>
          ) : null}
        </Group>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Paper withBorder p="sm" component="section" aria-labelledby="details-title">
              <Title order={2} size="h4" id="details-title" mb="xs">
                {t("resources.details")}
              </Title>
              <Details resource={r} />
            </Paper>
            <Paper withBorder p="sm" component="section" aria-labelledby="hours-title">
              <Title order={2} size="h4" id="hours-title" mb="xs">
                {t("resources.hours")}
              </Title>
              {!caps ? <Loading /> : !hoursServed ? <NotAvailable feature="feature.hours" endpoint="GET /api/v1/resources/{resource_id}/business-hours" /> : hours.isError ? <ErrorAlert error={hours.error} /> : hours.data ? (
                <>
                  <HoursTable hours={hours.data.intervals} />
                  {hours.data.source === "site" ? <Text size="sm" mt="xs" data-testid="hours-inherited">{t("resources.hoursInherited")}</Text> : null}
                </>
              ) : <Loading />}
            </Paper>
            {blackoutsServed ? (
              <Paper withBorder p="sm" component="section" aria-labelledby="blackouts-title">
                <Title order={2} size="h4" id="blackouts-title" mb="xs">
                  {t("resources.blackouts")}
                </Title>
                {blackouts.data ? <BlackoutList blackouts={blackouts.data} /> : blackouts.isError ? <ErrorAlert error={blackouts.error} /> : <Loading />}
              </Paper>
            ) : null}
            <Paper withBorder p="sm" component="section" id="book">
              <BookingForm resource={r} slot={slot} />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper withBorder p="sm" component="section" aria-labelledby="schedule-title">
            <Title order={2} size="h4" id="schedule-title" mb="xs">
              {t("resources.schedule")}
            </Title>
            <Suspense fallback={<Loading />}>
              <WeekView resource={r} hours={hours.data?.intervals ?? []} blackouts={blackouts.data ?? []} onSelect={setSlot} onTaken={setTaken} />
            </Suspense>
          </Paper>
        </Grid.Col>
      </Grid>
      <TakenDialog resource={r} slot={taken} onClose={() => setTaken(null)} />
    </Stack>
  );
}
