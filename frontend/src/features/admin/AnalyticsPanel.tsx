// Analytics (its own chunk with the chart library): utilization over time, a peak-hours heatmap
// whose cells carry their numbers, popular resources and CSV export.
import { Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { api, download, unwrap } from "../../api/client";
import { ErrorAlert, Loading, Requires } from "../../components/feedback";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

type PeakCell = { weekday: number; hour: number; count: number };

/** Peak counts as a 7 × 24 grid (Monday first). */
export function heatGrid(cells: PeakCell[]): number[][] {
  const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const c of cells) if (c.weekday >= 0 && c.weekday < 7 && c.hour >= 0 && c.hour < 24) grid[c.weekday]![c.hour]! += c.count;
  return grid;
}

/** The period as the API wants it: the last `days` days up to now. */
export function periodOf(days: number, now = new Date()): { start_date: string; end_date: string } {
  return { start_date: new Date(now.getTime() - days * 86_400_000).toISOString(), end_date: now.toISOString() };
}

function Heatmap({ cells }: { cells: PeakCell[] }) {
  const { t } = useI18n();
  const grid = heatGrid(cells);
  const max = Math.max(1, ...grid.flat());
  const hours = Array.from({ length: 24 }, (_, h) => h).filter((h) => grid.some((row) => row[h]! > 0) || (h >= 7 && h <= 20));
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table className="rr-heat" withTableBorder data-testid="peak-heatmap">
        <caption className="rr-sr-only">{t("an.peakDesc")}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("an.day")}</Table.Th>
            {hours.map((h) => (
              <Table.Th key={h} scope="col">
                {String(h).padStart(2, "0")}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {grid.map((row, d) => (
            <Table.Tr key={d}>
              <Table.Th scope="row">{t(`day.${d}` as MessageKey).slice(0, 3)}</Table.Th>
              {hours.map((h) => {
                const share = row[h]! / max;
                return (
                  <Table.Td key={h} style={{ background: `color-mix(in srgb, var(--mantine-color-blue-8) ${Math.round(share * 70)}%, transparent)`, color: share > 0.5 ? "white" : undefined }}>
                    {row[h] || ""}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Summary({ days }: { days: string }) {
  const { t } = useI18n();
  const dashboard = useQuery({ queryKey: ["analytics", "dashboard", days], queryFn: () => unwrap(api.GET("/api/v1/analytics/dashboard", { params: { query: periodOf(Number(days)) } })) });
  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError) return <ErrorAlert error={dashboard.error} />;
  const d = dashboard.data;
  const figures: [string, string][] = [
    [t("an.reservations"), String(d.total_reservations)],
    [t("an.bookedHours"), d.booked_hours.toFixed(1)],
    [t("an.activeUsers"), String(d.active_users)],
    [t("an.cancellationRate"), `${Math.round(d.cancellation_rate * 100)}%`],
    [t("an.noShowRate"), `${Math.round(d.no_show_rate * 100)}%`],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} data-testid="analytics-summary">
      {figures.map(([label, value]) => (
        <Paper key={label} withBorder p="xs">
          <Text size="xs">{label}</Text>
          <Text fw={700} size="lg">
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function Analytics() {
  const { t } = useI18n();
  const [days, setDays] = useState("30");
  const period = periodOf(Number(days));
  const utilization = useQuery({ queryKey: ["analytics", "utilization", days], queryFn: () => unwrap(api.GET("/api/v1/analytics/utilization", { params: { query: { ...period, limit: 15 } } })) });
  const peaks = useQuery({ queryKey: ["analytics", "peaks", days], queryFn: () => unwrap(api.GET("/api/v1/analytics/peak-times", { params: { query: period } })) });
  const popular = useQuery({ queryKey: ["analytics", "popular", days], queryFn: () => unwrap(api.GET("/api/v1/analytics/popular-resources", { params: { query: { ...period, limit: 10 } } })) });
  const points = (utilization.data?.resources ?? []).map((r) => ({ name: r.resource_name, percent: Math.round(r.utilization * 1000) / 10 }));
  const bars = (popular.data ?? []).map((p) => ({ name: p.resource_name, reservations: p.reservation_count }));
  const csv = new URLSearchParams(period).toString();

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Text size="sm" fw={500} id="period-label">
            {t("an.period")}
          </Text>
          <SegmentedControl aria-labelledby="period-label" value={days} onChange={setDays} data={["7", "30", "90"].map((d) => ({ value: d, label: t("an.days", { days: d }) }))} />
        </div>
        <Group gap="xs">
          <Button variant="default" onClick={() => void download(`/api/v1/analytics/export/utilization.csv?${csv}`, "utilization.csv").catch((e: Error) => notifications.show({ color: "red", message: e.message }))}>
            {t("an.exportUtilization")}
          </Button>
          <Button variant="default" onClick={() => void download(`/api/v1/analytics/export/reservations.csv?${csv}`, "reservations.csv").catch((e: Error) => notifications.show({ color: "red", message: e.message }))}>
            {t("an.exportReservations")}
          </Button>
        </Group>
      </Group>
      <Summary days={days} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Paper withBorder p="sm" component="section" aria-labelledby="util-title">
          <Title order={2} size="h4" id="util-title">
            {t("an.utilization")}
          </Title>
          <Text size="xs" mb="xs">
            {t("an.utilizationDesc")}
          </Text>
          {utilization.isPending ? <Loading /> : utilization.isError ? <ErrorAlert error={utilization.error} /> : points.length ? (
            <div role="img" aria-label={`${t("an.utilization")}: ${points.map((p) => `${p.name} ${p.percent}%`).join(", ")}`}>
              <ResponsiveContainer width="100%" height={Math.max(160, points.length * 28)}>
                <BarChart data={points} layout="vertical" margin={{ left: 24 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" unit="%" domain={[0, 100]} fontSize={11} />
                  <YAxis type="category" dataKey="name" width={110} fontSize={11} />
                  <Tooltip />
                  <Bar dataKey="percent" name={t("an.utilization")} fill="var(--mantine-color-blue-8)" label={{ position: "right", fontSize: 11, formatter: (v: unknown) => `${String(v)}%` }} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          ) : <Text size="sm">{t("an.noData")}</Text>}
        </Paper>
        <Paper withBorder p="sm" component="section" aria-labelledby="popular-title">
          <Title order={2} size="h4" id="popular-title" mb="xs">
            {t("an.popular")}
          </Title>
          {popular.isPending ? <Loading /> : popular.isError ? <ErrorAlert error={popular.error} /> : bars.length ? (
            <div role="img" aria-label={`${t("an.popular")}: ${bars.map((b) => `${b.name} ${b.reservations}`).join(", ")}`}>
              <ResponsiveContainer width="100%" height={Math.max(160, bars.length * 28)}>
                <BarChart data={bars} layout="vertical" margin={{ left: 24 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" allowDecimals={false} fontSize={11} />
                  <YAxis type="category" dataKey="name" width={110} fontSize={11} />
                  <Tooltip />
                  <Bar dataKey="reservations" name={t("an.reservations")} fill="var(--mantine-color-teal-8)" label={{ position: "right", fontSize: 11 }} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          ) : <Text size="sm">{t("an.noData")}</Text>}
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="sm" component="section" aria-labelledby="peak-title">
        <Title order={2} size="h4" id="peak-title">
          {t("an.peak")}
        </Title>
        <Text size="xs" mb="xs">
          {t("an.peakDesc")}
        </Text>
        {peaks.isPending ? <Loading /> : peaks.isError ? <ErrorAlert error={peaks.error} /> : <Heatmap cells={peaks.data.cells} />}
      </Paper>
    </Stack>
  );
}

export default function AnalyticsPanel() {
  return (
    <Requires
      feature="feature.analytics"
      endpoints={[["get", "/api/v1/analytics/dashboard"], ["get", "/api/v1/analytics/utilization"], ["get", "/api/v1/analytics/peak-times"], ["get", "/api/v1/analytics/popular-resources"]]}
    >
      <Analytics />
    </Requires>
  );
}
