import { Alert, Button, Group, Modal, MultiSelect, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { Delivery, Webhook } from "../../api/planned";
import { ErrorAlert, Loading, Requires, StatusBadge } from "../../components/feedback";
import { formatDateTime } from "../../components/format";
import { useI18n } from "../../i18n";
import { useAnyList } from "./useList";

function Deliveries({ webhook }: { webhook: Webhook }) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const key = ["admin", "webhooks", webhook.id, "deliveries"];
  const list = useAnyList<Delivery>(key, true, () => unwrap(api.GET("/api/v1/webhooks/{webhook_id}/deliveries", { params: { path: { webhook_id: webhook.id } } })));
  const retry = useMutation({
    mutationFn: (id: number) => unwrap(api.POST("/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", { params: { path: { webhook_id: webhook.id, delivery_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
    onError: (e) => notifications.show({ color: "red", message: e.message }),
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (!list.data.length) return <Text size="sm">{t("app.empty")}</Text>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("admin.time")}</Table.Th>
            <Table.Th>{t("admin.event")}</Table.Th>
            <Table.Th>{t("resources.status")}</Table.Th>
            <Table.Th>{t("admin.response")}</Table.Th>
            <Table.Th>{t("res.actions")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{formatDateTime(d.created_at, locale)}</Table.Td>
              <Table.Td>{d.event_type}</Table.Td>
              <Table.Td>
                <StatusBadge status={d.status} />
              </Table.Td>
              <Table.Td>{d.last_status_code ?? d.last_error ?? "—"} · {t("admin.attempts")}: {d.attempts}</Table.Td>
              <Table.Td>
                <Button size="compact-xs" variant="default" onClick={() => retry.mutate(d.id)} loading={retry.isPending && retry.variables === d.id}>
                  {t("admin.redeliver")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Webhooks() {
  const { t } = useI18n();
  const client = useQueryClient();
  const key = ["admin", "webhooks"];
  const list = useAnyList<Webhook>(key, true, () => unwrap(api.GET("/api/v1/webhooks/")));
  const events = useQuery({
    queryKey: ["admin", "webhook-events"],
    queryFn: async () => (await unwrap(api.GET("/api/v1/webhooks/events"))).map((e) => ({ value: e.type, label: e.description ? `${e.type} — ${e.description}` : e.type })),
  });
  const [url, setUrl] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<Webhook | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/webhooks/", { body: { url, events: chosen } })),
    onSuccess: (w) => {
      setUrl("");
      setChosen([]);
      setSecret(w.secret);
      return refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } })), onSuccess: refresh });
  const test = useMutation({
    mutationFn: (id: number) => unwrap(api.POST("/api/v1/webhooks/{webhook_id}/test", { params: { path: { webhook_id: id } } })),
    onSuccess: () => notifications.show({ color: "green", message: t("admin.testSent") }),
    onError: (e) => notifications.show({ color: "red", message: e.message }),
  });
  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <Stack>
      <Paper withBorder p="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Group align="flex-end">
            <TextInput label={t("admin.webhookUrl")} type="url" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={err?.field("url")} required miw={260} />
            <MultiSelect label={t("admin.webhookEvents")} data={events.data ?? []} value={chosen} onChange={setChosen} error={err?.field("events")} searchable miw={260} />
            <Button type="submit" loading={create.isPending}>
              {t("admin.addWebhook")}
            </Button>
          </Group>
        </form>
        {create.error && !err?.field("url") && !err?.field("events") ? <ErrorAlert error={create.error} /> : null}
        {secret ? <Alert mt="sm" color="yellow" variant="light">{t("admin.secretOnce", { secret })}</Alert> : null}
      </Paper>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : (
        <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {list.data.map((w) => (
            <Paper component="li" withBorder p="sm" key={w.id}>
              <Group justify="space-between">
                <div>
                  <Text fw={600} style={{ wordBreak: "break-all" }}>{w.url}</Text>
                  <Text size="xs">{w.events.join(", ")}</Text>
                  {w.disabled_reason ? <Text size="xs">⚠ {w.disabled_reason}</Text> : null}
                </div>
                <Group gap="xs">
                  <StatusBadge status={w.is_active ? "available" : "unavailable"} />
                  <Button size="compact-sm" variant="default" onClick={() => setOpen(w)}>{t("admin.deliveries")}</Button>
                  <Button size="compact-sm" variant="default" onClick={() => test.mutate(w.id)}>{t("admin.sendTest")}</Button>
                  <Button size="compact-sm" variant="outline" color="red.8" onClick={() => remove.mutate(w.id)}>{t("app.delete")}</Button>
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={`${t("admin.deliveries")}: ${open?.url ?? ""}`} size="xl">
        {open ? <Deliveries webhook={open} /> : null}
      </Modal>
    </Stack>
  );
}

export function WebhooksPanel() {
  return (
    <Requires feature="feature.webhooks" endpoints={[["get", "/api/v1/webhooks/"]]}>
      <Webhooks />
    </Requires>
  );
}

