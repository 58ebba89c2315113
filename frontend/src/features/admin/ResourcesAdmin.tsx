import { ActionIcon, Button, Checkbox, Group, Menu, Modal, NumberInput, Radio, Stack, Table, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDots, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { api, download, itemsOf, unwrap } from "../../api/client";
import { useCapabilities } from "../../api/capabilities";
import { ApiError } from "../../api/errors";
import type { BusinessHours, Resource } from "../../api/planned";
import { ErrorAlert, Loading, Requires, StatusBadge } from "../../components/feedback";
import { formatRange, localInputToIso } from "../../components/format";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { ApprovalSettingsForm } from "./ApprovalSettingsForm";
import { usePaged } from "./useList";

type Dialog = { kind: "create" } | { kind: "edit" | "status" | "hours" | "blackouts" | "approvals" | "delete"; resource: Resource } | null;
type Draft = { name: string; description: string; location: string; capacity: number | null; tags: string; timezone: string; requires_approval: boolean };

const toDraft = (r?: Resource): Draft => ({
  name: r?.name ?? "", description: r?.description ?? "", location: r?.location ?? "", capacity: r?.capacity ?? null,
  tags: r?.tags.join(", ") ?? "", timezone: r?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, requires_approval: r?.requires_approval ?? false,
});

function useRefresh() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ["resources"] }), client.invalidateQueries({ queryKey: ["resource"] })]);
}

function ResourceForm({ resource, onDone }: { resource?: Resource; onDone: () => void }) {
  const { t } = useI18n();
  const refresh = useRefresh();
  const [draft, setDraft] = useState<Draft>(toDraft(resource));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useMutation({
    mutationFn: async () => {
      const body = { ...draft, tags: draft.tags.split(",").map((s) => s.trim()).filter(Boolean) };
      if (resource) return unwrap(api.PATCH("/api/v1/resources/{resource_id}", { params: { path: { resource_id: resource.id } }, body }));
      return unwrap(api.POST("/api/v1/resources", { body: { ...body, available: true } }));
    },
    onSuccess: async (r) => {
      notifications.show({ color: "green", message: resource ? t("admin.saved") : t("admin.created", { name: r.name }) });
      await refresh();
      onDone();
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <TextInput label={t("admin.name")} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} error={err?.field("name") ?? (err?.status === 409 ? err.message : undefined)} required data-autofocus />
        <Textarea label={t("resources.description")} value={draft.description} onChange={(e) => set({ description: e.currentTarget.value })} error={err?.field("description")} autosize minRows={2} />
        <TextInput label={t("resources.location")} value={draft.location} onChange={(e) => set({ location: e.currentTarget.value })} error={err?.field("location")} />
        <NumberInput label={t("resources.capacity", { capacity: "" }).trim()} min={0} value={draft.capacity ?? ""} onChange={(v) => set({ capacity: v === "" ? null : Number(v) })} error={err?.field("capacity")} />
        <TextInput label={t("admin.tagsComma")} value={draft.tags} onChange={(e) => set({ tags: e.currentTarget.value })} error={err?.field("tags")} />
        <TextInput label={t("resources.timezone")} value={draft.timezone} onChange={(e) => set({ timezone: e.currentTarget.value })} error={err?.field("timezone")} />
        <Checkbox label={t("resources.approval")} checked={draft.requires_approval} onChange={(e) => set({ requires_approval: e.currentTarget.checked })} />
        {save.error && err?.status !== 409 && !Object.keys(err?.fieldErrors ?? {}).length ? <ErrorAlert error={save.error} /> : null}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {resource ? t("app.save") : t("app.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function StatusForm({ resource, onDone }: { resource: Resource; onDone: () => void }) {
  const { t } = useI18n();
  const refresh = useRefresh();
  const [choice, setChoice] = useState<"available" | "unavailable" | "maintenance">(resource.status === "maintenance" ? "maintenance" : resource.available ? "available" : "unavailable");
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const save = useMutation({
    mutationFn: () => {
      const path = { resource_id: resource.id };
      if (choice === "available") return unwrap(api.PUT("/api/v1/resources/{resource_id}/status/available", { params: { path } }));
      return unwrap(api.PUT("/api/v1/resources/{resource_id}/status/unavailable", { params: { path }, body: { reason, until: until ? localInputToIso(until) : null, maintenance: choice === "maintenance" } }));
    },
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("admin.saved") });
      await refresh();
      onDone();
    },
  });
  return (
    <Stack gap="xs">
      <Radio.Group value={choice} onChange={(v) => setChoice(v as typeof choice)} label={t("resources.status")}>
        <Stack gap={6} mt={6}>
          <Radio value="available" label={t("status.available")} />
          <Radio value="unavailable" label={t("status.unavailable")} />
          <Radio value="maintenance" label={t("status.maintenance")} />
        </Stack>
      </Radio.Group>
      {choice !== "available" ? (
        <>
          <TextInput label={t("admin.reason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <TextInput type="datetime-local" label={t("admin.until")} value={until} onChange={(e) => setUntil(e.currentTarget.value)} />
        </>
      ) : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group justify="flex-end">
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {t("app.save")}
        </Button>
      </Group>
    </Stack>
  );
}

/** A week of opening intervals to edit; `onSave` gets the whole week. */
export function WeekEditor({ initial, onSave, saving, error, actions }: { initial: BusinessHours[]; onSave: (value: BusinessHours[]) => void; saving: boolean; error: unknown; actions?: ReactNode }) {
  const { t } = useI18n();
  const [rows, setRows] = useState<BusinessHours[] | null>(null);
  const value = rows ?? initial;
  const update = (i: number, patch: Partial<BusinessHours>) => setRows(value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const err = error instanceof ApiError ? error : null;
  return (
    <Stack gap="xs">
      {[0, 1, 2, 3, 4, 5, 6].map((day) => {
        const entries = value.map((r, i) => ({ r, i })).filter(({ r }) => r.day_of_week === day);
        const dayName = t(`day.${day}` as MessageKey);
        return (
          <fieldset key={day} style={{ border: 0, padding: 0, margin: 0 }}>
            <Group gap="xs" align="flex-end">
              <Text component="legend" w={100} size="sm" fw={500}>
                {dayName}
              </Text>
              {entries.length === 0 ? <Text size="sm">{t("resources.closed")}</Text> : null}
              {entries.map(({ r, i }) => (
                <Group key={i} gap={4} align="flex-end">
                  <TextInput type="time" size="xs" label={t("admin.open")} value={r.open_time.slice(0, 5)} onChange={(e) => update(i, { open_time: e.currentTarget.value })} />
                  <TextInput type="time" size="xs" label={t("admin.close")} value={r.close_time.slice(0, 5)} onChange={(e) => update(i, { close_time: e.currentTarget.value })} />
                  <ActionIcon variant="default" aria-label={`${t("app.delete")} ${dayName} ${r.open_time}–${r.close_time}`} onClick={() => setRows(value.filter((_, j) => j !== i))}>
                    <IconTrash size={14} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <ActionIcon variant="default" aria-label={`${t("app.create")}: ${dayName}`} onClick={() => setRows([...value, { day_of_week: day, open_time: "09:00", close_time: "17:00" }])}>
                <IconPlus size={14} aria-hidden />
              </ActionIcon>
            </Group>
          </fieldset>
        );
      })}
      {error ? <ErrorAlert error={error} /> : null}
      {err && Object.keys(err.fieldErrors).length ? <Text size="sm" c="red.8">{Object.values(err.fieldErrors).flat().join(" ")}</Text> : null}
      <Group justify="flex-end">
        {actions}
        <Button onClick={() => onSave(value)} loading={saving}>
          {t("app.save")}
        </Button>
      </Group>
    </Stack>
  );
}

export function HoursEditor({ resource, onDone }: { resource: Resource; onDone: () => void }) {
  const { t } = useI18n();
  const refresh = useRefresh();
  const path = { resource_id: resource.id };
  const current = useQuery({ queryKey: ["resource", resource.id, "hours"], queryFn: async () => unwrap(api.GET("/api/v1/resources/{resource_id}/business-hours", { params: { path } })) });
  const save = useMutation({
    // [] returns the resource to the site-wide hours.
    mutationFn: (value: BusinessHours[]) => unwrap(api.PUT("/api/v1/resources/{resource_id}/business-hours", { params: { path }, body: value })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("admin.saved") });
      await refresh();
      onDone();
    },
  });
  if (current.isPending) return <Loading />;
  if (current.isError) return <ErrorAlert error={current.error} />;
  const inherited = current.data.source === "site";
  return (
    <Stack gap="xs">
      <Text size="sm" data-testid="hours-source">{inherited ? t("admin.hoursInheritedEdit") : t("admin.hoursOwn")}</Text>
      <WeekEditor
        initial={current.data.intervals}
        onSave={(value) => save.mutate(value)}
        saving={save.isPending}
        error={save.error}
        actions={inherited ? null : <Button variant="default" onClick={() => save.mutate([])} loading={save.isPending}>{t("admin.useSiteHours")}</Button>}
      />
    </Stack>
  );
}

type BlackoutDraft = { start_date: string; end_date: string; reason: string };
type DatedBlackout = { id: number; start_date: string; end_date: string; reason: string };

/** Closed dates: list, add, remove; where they live is up to the caller. */
export function DatesEditor({ queryKey, load, create, removeOne }: {
  queryKey: unknown[];
  load: () => Promise<DatedBlackout[]>;
  create: (draft: BlackoutDraft) => Promise<unknown>;
  removeOne: (id: number) => Promise<unknown>;
}) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const list = useQuery({ queryKey, queryFn: load });
  const [draft, setDraft] = useState<BlackoutDraft>({ start_date: "", end_date: "", reason: "" });
  const add = useMutation({
    mutationFn: () => create(draft),
    onSuccess: () => {
      setDraft({ start_date: "", end_date: "", reason: "" });
      return client.invalidateQueries({ queryKey });
    },
  });
  const remove = useMutation({ mutationFn: removeOne, onSuccess: () => client.invalidateQueries({ queryKey }) });
  const err = add.error instanceof ApiError ? add.error : null;
  return (
    <Stack gap="xs">
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : (
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {list.data.map((b) => (
            <Group component="li" key={b.id} justify="space-between">
              <Text size="sm">
                {formatRange(b.start_date, b.end_date, locale)} {b.reason ? `— ${b.reason}` : ""}
              </Text>
              <ActionIcon variant="default" aria-label={`${t("app.delete")}: ${b.start_date}`} onClick={() => remove.mutate(b.id)}>
                <IconTrash size={14} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      )}
      <Group align="flex-end" gap="xs">
        <TextInput type="date" label={t("admin.startDate")} value={draft.start_date} onChange={(e) => setDraft({ ...draft, start_date: e.currentTarget.value })} error={err?.field("start_date")} />
        <TextInput type="date" label={t("admin.endDate")} value={draft.end_date} onChange={(e) => setDraft({ ...draft, end_date: e.currentTarget.value })} error={err?.field("end_date")} />
        <TextInput label={t("admin.reason")} value={draft.reason} onChange={(e) => setDraft({ ...draft, reason: e.currentTarget.value })} />
        <Button onClick={() => add.mutate()} loading={add.isPending}>
          {t("admin.addBlackout")}
        </Button>
      </Group>
      {add.error && !err?.field("start_date") && !err?.field("end_date") ? <ErrorAlert error={add.error} /> : null}
      {remove.error ? <ErrorAlert error={remove.error} /> : null}
    </Stack>
  );
}

function BlackoutsEditor({ resource }: { resource: Resource }) {
  const path = { resource_id: resource.id };
  return (
    <DatesEditor
      queryKey={["resource", resource.id, "blackouts"]}
      load={async () => itemsOf(await unwrap(api.GET("/api/v1/resources/{resource_id}/blackout-dates", { params: { path } })))}
      create={(draft) => unwrap(api.POST("/api/v1/resources/{resource_id}/blackout-dates", { params: { path }, body: draft }))}
      removeOne={(id) => unwrap(api.DELETE("/api/v1/blackout-dates/{blackout_id}", { params: { path: { blackout_id: id } } }))}
    />
  );
}

function DeleteConfirm({ resource, onDone }: { resource: Resource; onDone: () => void }) {
  const { t } = useI18n();
  const refresh = useRefresh();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/resources/{resource_id}", { params: { path: { resource_id: resource.id } } })),
    onSuccess: async () => {
      notifications.show({ message: t("admin.deleted") });
      await refresh();
      onDone();
    },
  });
  return (
    <Stack>
      <Text>{t("admin.deleteConfirm", { name: resource.name })}</Text>
      {remove.error ? <ErrorAlert error={remove.error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t("app.cancel")}
        </Button>
        <Button color="red.8" onClick={() => remove.mutate()} loading={remove.isPending}>
          {t("app.delete")}
        </Button>
      </Group>
    </Stack>
  );
}

export function ResourcesAdmin() {
  const { t } = useI18n();
  const caps = useCapabilities();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const list = usePaged<Resource>(["resources", "admin"], true, (cursor) => unwrap(api.GET("/api/v1/resources", { params: { query: { limit: 50, cursor } } })));
  const can = (method: "get" | "put" | "patch" | "delete", path: Parameters<NonNullable<typeof caps>["has"]>[1]) => caps?.has(method, path) ?? false;
  const title =
    dialog?.kind === "create" ? t("admin.newResource")
    : dialog?.kind === "edit" ? t("admin.editResource", { name: dialog.resource.name })
    : dialog?.kind === "status" ? t("admin.statusTitle", { name: dialog.resource.name })
    : dialog?.kind === "hours" ? t("admin.hoursTitle", { name: dialog.resource.name })
    : dialog?.kind === "blackouts" ? t("admin.blackoutsTitle", { name: dialog.resource.name })
    : dialog?.kind === "approvals" ? t("appr.settingsTitle", { name: dialog.resource.name })
    : dialog?.kind === "delete" ? t("app.delete") : "";

  return (
    <Stack>
      <Group>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: "create" })}>
          {t("admin.newResource")}
        </Button>
        {can("get", "/api/v1/resources/export.csv") ? (
          <Button variant="default" onClick={() => void download("/api/v1/resources/export.csv", "resources.csv")}>
            {t("admin.export")}
          </Button>
        ) : null}
      </Group>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : (
        <Table.ScrollContainer minWidth={520}>
          <Table striped data-testid="admin-resources">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("admin.name")}</Table.Th>
                <Table.Th>{t("resources.location")}</Table.Th>
                <Table.Th>{t("resources.status")}</Table.Th>
                <Table.Th>{t("res.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.location}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={r.status} />
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon variant="subtle" aria-label={`${t("res.actions")}: ${r.name}`}>
                          <IconDots size={16} aria-hidden />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        {can("patch", "/api/v1/resources/{resource_id}") ? <Menu.Item onClick={() => setDialog({ kind: "edit", resource: r })}>{t("app.edit")}</Menu.Item> : null}
                        {can("put", "/api/v1/resources/{resource_id}/status/unavailable") ? <Menu.Item onClick={() => setDialog({ kind: "status", resource: r })}>{t("resources.status")}</Menu.Item> : null}
                        {can("put", "/api/v1/resources/{resource_id}/business-hours") ? <Menu.Item onClick={() => setDialog({ kind: "hours", resource: r })}>{t("resources.hours")}</Menu.Item> : null}
                        {can("get", "/api/v1/resources/{resource_id}/blackout-dates") ? <Menu.Item onClick={() => setDialog({ kind: "blackouts", resource: r })}>{t("resources.blackouts")}</Menu.Item> : null}
                        {can("put", "/api/v1/approvals/resources/{resource_id}/settings") ? <Menu.Item onClick={() => setDialog({ kind: "approvals", resource: r })}>{t("appr.settings")}</Menu.Item> : null}
                        {can("delete", "/api/v1/resources/{resource_id}") ? <Menu.Item color="red.8" onClick={() => setDialog({ kind: "delete", resource: r })}>{t("app.delete")}</Menu.Item> : null}
                        {caps?.known && !can("patch", "/api/v1/resources/{resource_id}") && !can("put", "/api/v1/resources/{resource_id}/business-hours") ? (
                          <Menu.Label>{t("app.notAvailable", { feature: t("feature.resourceEdit") })}</Menu.Label>
                        ) : null}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
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
      <Modal opened={dialog !== null} onClose={close} title={title} size={dialog?.kind === "hours" ? "lg" : "md"}>
        {dialog?.kind === "create" ? <ResourceForm onDone={close} /> : null}
        {dialog?.kind === "edit" ? <ResourceForm resource={dialog.resource} onDone={close} /> : null}
        {dialog?.kind === "status" ? <StatusForm resource={dialog.resource} onDone={close} /> : null}
        {dialog?.kind === "hours" ? <HoursEditor resource={dialog.resource} onDone={close} /> : null}
        {dialog?.kind === "blackouts" ? (
          <Requires feature="feature.blackouts" endpoints={[["post", "/api/v1/resources/{resource_id}/blackout-dates"]]}>
            <BlackoutsEditor resource={dialog.resource} />
          </Requires>
        ) : null}
        {dialog?.kind === "approvals" ? <ApprovalSettingsForm resource={dialog.resource} onDone={close} /> : null}
        {dialog?.kind === "delete" ? <DeleteConfirm resource={dialog.resource} onDone={close} /> : null}
      </Modal>
    </Stack>
  );
}
