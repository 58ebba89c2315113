import { Button, Code, Group, SimpleGrid, Stack, Table, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { api, download, unwrap } from "../../api/client";
import type { AuditEntry } from "../../api/planned";
import { ErrorAlert, Loading, Requires } from "../../components/feedback";
import { formatDateTime, localInputToIso } from "../../components/format";
import { useI18n } from "../../i18n";
import { usePaged } from "./useList";

type Filters = { action: string; entity_type: string; user_id: string; from: string; to: string };
const EMPTY: Filters = { action: "", entity_type: "", user_id: "", from: "", to: "" };

export function auditQuery(f: Filters) {
  return {
    action: f.action || undefined,
    entity_type: f.entity_type || undefined,
    user_id: f.user_id ? Number(f.user_id) : undefined,
    start_date: f.from ? localInputToIso(f.from) : undefined,
    end_date: f.to ? localInputToIso(f.to) : undefined,
  };
}

function Audit() {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const query = auditQuery(filters);
  const list = usePaged<AuditEntry>(["admin", "audit", filters], true, (cursor) => unwrap(api.GET("/api/v1/audit/logs", { params: { query: { ...query, limit: 50, cursor } } })));
  const exportCsv = () => {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    void download(`/api/v1/audit/export/csv?${params}`, "audit.csv").catch((e: Error) => notifications.show({ color: "red", message: e.message }));
  };
  const set = (patch: Partial<Filters>) => setDraft({ ...draft, ...patch });
  return (
    <Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 3, lg: 5 }}>
          <TextInput label={t("admin.filterAction")} value={draft.action} onChange={(e) => set({ action: e.currentTarget.value })} />
          <TextInput label={t("admin.filterEntity")} value={draft.entity_type} onChange={(e) => set({ entity_type: e.currentTarget.value })} />
          <TextInput label={t("admin.filterUser")} inputMode="numeric" value={draft.user_id} onChange={(e) => set({ user_id: e.currentTarget.value.replace(/\D/g, "") })} />
          <TextInput type="datetime-local" label={t("admin.from")} value={draft.from} onChange={(e) => set({ from: e.currentTarget.value })} />
          <TextInput type="datetime-local" label={t("admin.to")} value={draft.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        </SimpleGrid>
        <Group mt="sm">
          <Button type="submit">{t("admin.apply")}</Button>
          <Button variant="default" onClick={exportCsv}>
            {t("admin.export")}
          </Button>
        </Group>
      </form>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("admin.time")}</Table.Th>
                <Table.Th>{t("admin.user")}</Table.Th>
                <Table.Th>{t("admin.filterAction")}</Table.Th>
                <Table.Th>{t("admin.entity")}</Table.Th>
                <Table.Th>{t("admin.details")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatDateTime(e.occurred_at ?? e.recorded_at, locale)}</Table.Td>
                  <Table.Td>{e.user_id ?? "—"}</Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td>
                    {e.entity_type} {e.entity_id ?? ""}
                  </Table.Td>
                  <Table.Td>{e.payload ? <Code>{JSON.stringify(e.payload).slice(0, 200)}</Code> : e.subject}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage ? (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("app.loadMore")}
        </Button>
      ) : null}
    </Stack>
  );
}

export function AuditPanel() {
  return (
    <Requires feature="feature.audit" endpoints={[["get", "/api/v1/audit/logs"]]}>
      <Audit />
    </Requires>
  );
}
