import { ActionIcon, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconTrash, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { useCapabilities } from "../../api/capabilities";
import type { AdminUser, Label, QuotaLimits, Reservation, ResourceGroup } from "../../api/planned";
import { ErrorAlert, Loading, Requires, StatusBadge } from "../../components/feedback";
import { formatRange } from "../../components/format";
import { useI18n } from "../../i18n";
import { useAnyList, usePaged } from "./useList";

function NamedList<T extends { id: number; name: string }>({
  title, items, onAdd, onDelete, addLabel, nameLabel,
}: { title: string; items: T[]; onAdd: (name: string) => Promise<unknown>; onDelete: (id: number) => void; addLabel: string; nameLabel: string }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
        {items.map((item) => (
          <Group component="li" key={item.id} justify="space-between">
            <Text size="sm">{item.name}</Text>
            <ActionIcon variant="default" aria-label={`${t("app.delete")}: ${item.name}`} onClick={() => onDelete(item.id)}>
              <IconTrash size={14} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await onAdd(name.trim());
            setName("");
          } catch (err) {
            setError(err);
          }
        }}
      >
        <Group align="flex-end" mt="sm">
          <TextInput label={nameLabel} value={name} onChange={(e) => setName(e.currentTarget.value)} required error={error instanceof Error ? error.message : undefined} />
          <Button type="submit">{addLabel}</Button>
        </Group>
      </form>
    </Paper>
  );
}

function Groups() {
  const { t } = useI18n();
  const client = useQueryClient();
  const list = useAnyList<ResourceGroup>(["admin", "groups"], true, () => unwrap(api.GET("/api/v1/resource-groups")));
  const refresh = () => client.invalidateQueries({ queryKey: ["admin", "groups"] });
  const remove = useMutation({ mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/resource-groups/{group_id}", { params: { path: { group_id: id } } })), onSuccess: refresh });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  return (
    <NamedList
      title={t("feature.groups")}
      items={list.data}
      nameLabel={t("admin.groupName")}
      addLabel={t("admin.addGroup")}
      onAdd={async (name) => {
        await unwrap(api.POST("/api/v1/resource-groups", { body: { name } }));
        await refresh();
      }}
      onDelete={(id) => remove.mutate(id)}
    />
  );
}

function Labels() {
  const { t } = useI18n();
  const client = useQueryClient();
  const list = useAnyList<Label>(["admin", "labels"], true, () => unwrap(api.GET("/api/v1/labels")));
  const refresh = () => client.invalidateQueries({ queryKey: ["admin", "labels"] });
  const remove = useMutation({ mutationFn: (id: number) => unwrap(api.DELETE("/api/v1/labels/{label_id}", { params: { path: { label_id: id } } })), onSuccess: refresh });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  return (
    <NamedList
      title={t("feature.labels")}
      items={list.data}
      nameLabel={t("admin.labelName")}
      addLabel={t("admin.addLabel")}
      onAdd={async (name) => {
        await unwrap(api.POST("/api/v1/labels", { body: { name } }));
        await refresh();
      }}
      onDelete={(id) => remove.mutate(id)}
    />
  );
}

export function GroupsPanel() {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Requires feature="feature.groups" endpoints={[["get", "/api/v1/resource-groups"]]}>
        <Groups />
      </Requires>
      <Requires feature="feature.labels" endpoints={[["get", "/api/v1/labels"]]}>
        <Labels />
      </Requires>
    </SimpleGrid>
  );
}

export function Approvals() {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [comments, setComments] = useState<Record<number, string>>({});
  const list = useAnyList<Reservation>(["admin", "approvals"], true, () => unwrap(api.GET("/api/v1/approvals/pending", { params: { query: { limit: 100 } } })));
  const respond = useMutation({
    mutationFn: (input: { id: number; approve: boolean }) =>
      unwrap(api.POST("/api/v1/approvals/{reservation_id}/respond", { params: { path: { reservation_id: input.id } }, body: { approve: input.approve, comment: comments[input.id] ?? "" } })),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ["admin", "approvals"] }), client.invalidateQueries({ queryKey: ["reservations"] })]),
    onError: (e) => notifications.show({ color: "red", message: e.message }),
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (!list.data.length) return <Text>{t("admin.noPending")}</Text>;
  return (
    <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {list.data.map((a) => (
        <Paper component="li" withBorder p="sm" key={a.id}>
          <Group justify="space-between" align="flex-end">
            <div>
              <Text fw={600}>
                {a.resource.name} · {a.username ?? `${t("admin.user")} ${a.user_id}`}
              </Text>
              <Text size="sm">{formatRange(a.start_time, a.end_time, locale)}</Text>
              {a.notes ? <Text size="sm">{a.notes}</Text> : null}
              <StatusBadge status={a.status} />
            </div>
            <Group align="flex-end" gap="xs">
              <TextInput size="xs" label={t("admin.comment")} value={comments[a.id] ?? ""} onChange={(e) => setComments({ ...comments, [a.id]: e.currentTarget.value })} />
              <Button size="xs" onClick={() => respond.mutate({ id: a.id, approve: true })}>
                {t("admin.approve")}
              </Button>
              <Button size="xs" color="red.8" variant="outline" onClick={() => respond.mutate({ id: a.id, approve: false })}>
                {t("admin.reject")}
              </Button>
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

export function ApprovalsPanel() {
  return (
    <Requires feature="feature.approvals" endpoints={[["get", "/api/v1/approvals/pending"], ["post", "/api/v1/approvals/{reservation_id}/respond"]]}>
      <Approvals />
    </Requires>
  );
}

function Users() {
  const { t } = useI18n();
  const caps = useCapabilities();
  const client = useQueryClient();
  const [q, setQ] = useState("");
  const [role, setRole] = useState<Record<number, string>>({});
  const list = usePaged<AdminUser>(["admin", "users", q], true, async (cursor) => {
    return unwrap(api.GET("/api/v1/auth/admin/users", { params: { query: { q: q || undefined, limit: 50, cursor } } }));
  });
  const refresh = () => client.invalidateQueries({ queryKey: ["admin", "users"] });
  const action = useMutation({
    mutationFn: async (input: { id: number; kind: "unlock" | "activate" | "deactivate" | "addRole" | "removeRole"; role?: string }) => {
      const path = { user_id: input.id };
      if (input.kind === "unlock") return unwrap(api.POST("/api/v1/auth/admin/users/{user_id}/unlock", { params: { path } }));
      if (input.kind === "activate") return unwrap(api.POST("/api/v1/auth/admin/users/{user_id}/activate", { params: { path } }));
      if (input.kind === "deactivate") return unwrap(api.POST("/api/v1/auth/admin/users/{user_id}/deactivate", { params: { path } }));
      const body = { user_id: input.id, role_name: input.role ?? "" };
      if (input.kind === "addRole") return unwrap(api.POST("/api/v1/auth/roles/assign", { body }));
      return unwrap(api.DELETE("/api/v1/auth/roles/assign", { body }));
    },
    onSuccess: refresh,
    onError: (e) => notifications.show({ color: "red", message: e.message }),
  });
  const canRoles = caps?.has("post", "/api/v1/auth/roles/assign") ?? false;
  return (
    <Stack>
      <TextInput label={t("resources.search")} value={q} onChange={(e) => setQ(e.currentTarget.value)} type="search" maw={320} />
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("admin.user")}</Table.Th>
                <Table.Th>{t("acc.roles")}</Table.Th>
                <Table.Th>{t("resources.status")}</Table.Th>
                <Table.Th>{t("res.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    {u.username}
                    {u.email ? <Text size="xs">{u.email}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.roles.map((r) => (
                        <Badge key={r} variant="outline" c="var(--mantine-color-text)" rightSection={canRoles ? (
                          <ActionIcon size="xs" variant="transparent" aria-label={t("admin.removeRole", { role: r })} onClick={() => action.mutate({ id: u.id, kind: "removeRole", role: r })}>
                            <IconX size={10} aria-hidden />
                          </ActionIcon>
                        ) : null}>
                          {r}
                        </Badge>
                      ))}
                    </Group>
                    {canRoles ? (
                      <Group gap={4} mt={4} align="flex-end">
                        <TextInput size="xs" label={t("admin.role")} value={role[u.id] ?? ""} onChange={(e) => setRole({ ...role, [u.id]: e.currentTarget.value })} w={110} />
                        <Button size="xs" variant="default" onClick={() => action.mutate({ id: u.id, kind: "addRole", role: role[u.id] })}>
                          {t("admin.addRole")}
                        </Button>
                      </Group>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={u.is_active ? "available" : "unavailable"} />
                    {u.locked_until ? <Text size="xs">🔒 {t("admin.locked")}</Text> : null}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {u.locked_until ? <Button size="compact-xs" variant="default" onClick={() => action.mutate({ id: u.id, kind: "unlock" })}>{t("admin.unlock")}</Button> : null}
                      <Button size="compact-xs" variant="default" onClick={() => action.mutate({ id: u.id, kind: u.is_active ? "deactivate" : "activate" })}>
                        {u.is_active ? t("admin.deactivate") : t("admin.activate")}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage ? <Button variant="default" onClick={() => void list.fetchNextPage()}>{t("app.loadMore")}</Button> : null}
    </Stack>
  );
}

export function UsersPanel() {
  return (
    <Requires feature="feature.users" endpoints={[["get", "/api/v1/auth/admin/users"]]}>
      <Users />
    </Requires>
  );
}

const LIMITS = ["max_active_reservations", "max_hours_per_week", "max_advance_days"] as const;

function Quotas() {
  const { t } = useI18n();
  const client = useQueryClient();
  const config = useQuery({ queryKey: ["admin", "quotas"], queryFn: () => unwrap(api.GET("/api/v1/quotas/config")) });
  const [draft, setDraft] = useState<Record<string, QuotaLimits> | null>(null);
  const roles = draft ?? config.data?.roles ?? {};
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH("/api/v1/quotas/config", { body: { roles } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: t("admin.saved") });
      setDraft(null);
      return client.invalidateQueries({ queryKey: ["admin", "quotas"] });
    },
  });
  if (config.isPending) return <Loading />;
  if (config.isError) return <ErrorAlert error={config.error} />;
  const set = (role: string, key: (typeof LIMITS)[number], value: string) =>
    setDraft({ ...roles, [role]: { ...roles[role], [key]: value === "" ? null : Number(value) } });
  return (
    <Stack>
      <Table.ScrollContainer minWidth={560}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("admin.role")}</Table.Th>
              {LIMITS.map((k) => (
                <Table.Th key={k}>{k.replace(/_/g, " ")}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(roles).map(([role, limits]) => (
              <Table.Tr key={role}>
                <Table.Th scope="row">{role}</Table.Th>
                {LIMITS.map((k) => (
                  <Table.Td key={k}>
                    <TextInput size="xs" inputMode="numeric" aria-label={`${role}: ${k.replace(/_/g, " ")}`} value={limits?.[k] ?? ""} onChange={(e) => set(role, k, e.currentTarget.value.replace(/\D/g, ""))} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!draft} w="fit-content">
        {t("app.save")}
      </Button>
    </Stack>
  );
}

export function QuotasPanel() {
  return (
    <Requires feature="feature.quotas" endpoints={[["get", "/api/v1/quotas/config"]]}>
      <Quotas />
    </Requires>
  );
}

