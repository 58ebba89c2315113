import { Anchor, Badge, Group, Stack, Table, Text, Title } from "@mantine/core";
import { IconRepeat } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ErrorAlert, Loading, StatusBadge } from "../../components/feedback";
import { formatDateTime, formatRange } from "../../components/format";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { describeRule } from "./seriesRule";

/** One recurring series: its rule in words, the occurrences cancelled or moved, and every occurrence. */
export default function SeriesPage() {
  const { t, locale } = useI18n();
  const seriesId = Number(useParams().id);
  const series = useQuery({
    queryKey: ["reservations", "series", seriesId],
    enabled: seriesId > 0,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/reservations/series/{series_id}", { params: { path: { series_id: seriesId }, query: { limit: 1000 } }, signal })),
  });
  if (series.isPending) return <Loading />;
  if (series.isError) return <ErrorAlert error={series.error} onRetry={() => void series.refetch()} />;
  const s = series.data;
  return (
    <Stack>
      <Anchor component={Link} to="/reservations" size="sm">
        {t("series.back")}
      </Anchor>
      <Group gap="xs">
        <IconRepeat size={22} aria-hidden />
        <Title order={1}>{t("series.title", { name: s.resource.name || `#${s.resource_id}` })}</Title>
      </Group>
      <Text data-testid="series-rule" fw={500}>
        {describeRule(s.rrule, t, locale)}
      </Text>
      <Text size="sm">
        {t("series.firstSlot", { range: formatRange(s.start_time, s.end_time, locale), tz: s.timezone })}
      </Text>
      <Text size="sm" c="dimmed">
        <code>{s.rrule}</code>
      </Text>

      <Title order={2} size="h3">
        {t("series.exceptions")}
      </Title>
      {s.exceptions.length === 0 ? (
        <Text size="sm">{t("series.noExceptions")}</Text>
      ) : (
        <Table data-testid="series-exceptions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("series.original")}</Table.Th>
              <Table.Th>{t("series.what")}</Table.Th>
              <Table.Th>{t("series.now")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.exceptions.map((e) => (
              <Table.Tr key={e.reservation.id} data-kind={e.kind}>
                <Table.Td>{formatDateTime(e.recurrence_id, locale)}</Table.Td>
                <Table.Td>
                  <Badge variant="outline" c="var(--mantine-color-text)" tt="none">
                    {t(`series.kind.${e.kind}` as MessageKey)}
                  </Badge>
                </Table.Td>
                <Table.Td>{e.kind === "moved" ? formatRange(e.reservation.start_time, e.reservation.end_time, locale) : "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Title order={2} size="h3">
        {t("series.occurrences", { count: s.occurrence_count })}
      </Title>
      <Table data-testid="series-occurrences">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("res.when")}</Table.Th>
            <Table.Th>{t("res.status")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {s.occurrences.map((r) => (
            <Table.Tr key={r.id} data-testid="series-occurrence" data-status={r.status}>
              <Table.Td>
                <Anchor component={Link} to={`/reservations?id=${r.id}`}>
                  {formatRange(r.start_time, r.end_time, locale)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={r.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {s.occurrences.length < s.occurrence_count ? <Text size="sm">{t("series.more", { count: s.occurrence_count - s.occurrences.length })}</Text> : null}
    </Stack>
  );
}
