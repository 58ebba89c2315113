import { Button, Group, NumberInput, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, unwrap } from "../../api/client";
import type { Resource } from "../../api/planned";
import { ErrorAlert, Loading } from "../../components/feedback";
import { useI18n } from "../../i18n";

/** "12, 15" -> [12, 15]; anything that is not a positive whole number makes the field invalid. */
export function parseUserIds(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const ids = parts.map(Number);
  return ids.every((n) => Number.isInteger(n) && n > 0) ? ids : null;
}

/** Who approves a resource's requests (users by id, and a role), and when pending requests lapse. */
export function ApprovalSettingsForm({ resource, onDone }: { resource: Resource; onDone: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const path = { resource_id: resource.id };
  const current = useQuery({
    queryKey: ["approval-settings", resource.id],
    queryFn: () => unwrap(api.GET("/api/v1/approvals/resources/{resource_id}/settings", { params: { path } })),
  });
  const [users, setUsers] = useState("");
  const [role, setRole] = useState("");
  const [expiry, setExpiry] = useState<number>(0);
  useEffect(() => {
    if (!current.data) return;
    setUsers((current.data.approver_user_ids ?? []).join(", "));
    setRole(current.data.approver_role ?? "");
    setExpiry(current.data.approval_expiry_minutes ?? 0);
  }, [current.data]);
  const ids = parseUserIds(users);
  const save = useMutation({
    mutationFn: () => {
      const s = current.data!;
      const body = {
        requires_check_in: s.requires_check_in, check_in_window_minutes: s.check_in_window_minutes, approval_expiry_minutes: expiry,
        approver_user_ids: ids ?? [], approver_role: role.trim(),
      };
      return unwrap(api.PUT("/api/v1/approvals/resources/{resource_id}/settings", { params: { path }, body }));
    },
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("admin.saved") });
      await client.invalidateQueries({ queryKey: ["approval-settings", resource.id] });
      onDone();
    },
  });
  if (current.isPending) return <Loading />;
  if (current.isError) return <ErrorAlert error={current.error} />;
  return (
    <Stack gap="xs">
      <TextInput label={t("appr.approverUsers")} description={t("appr.approverUsersHelp")} value={users} onChange={(e) => setUsers(e.currentTarget.value)}
        error={ids === null ? t("appr.approverUsersInvalid") : undefined} />
      <TextInput label={t("appr.approverRole")} description={t("appr.approverRoleHelp")} value={role} onChange={(e) => setRole(e.currentTarget.value)} />
      <NumberInput label={t("appr.expiry")} description={t("appr.expiryHelp")} min={0} max={129600} value={expiry} onChange={(v) => setExpiry(Number(v) || 0)} />
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Group justify="flex-end">
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={ids === null}>
          {t("app.save")}
        </Button>
      </Group>
    </Stack>
  );
}
