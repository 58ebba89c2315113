import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, itemsOf, unwrap } from "../../api/client";
import { describeError } from "../../api/describe";
import type { Reservation } from "../../api/planned";
import { ErrorAlert, Loading, StatusBadge } from "../../components/feedback";
import { formatRange } from "../../components/format";
import { useI18n } from "../../i18n";
import { Approvals } from "../admin/SimplePanels";

/** My requests that needed approval; a pending one can be withdrawn, which frees its slot. */
function MyRequests() {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ["approvals", "mine"],
    queryFn: async () => itemsOf<Reservation>(await unwrap(api.GET("/api/v1/approvals/my-requests", { params: { query: { limit: 100 } } }))),
  });
  const withdraw = useMutation({
    mutationFn: (r: Reservation) => unwrap(api.POST("/api/v1/approvals/{reservation_id}/withdraw", { params: { path: { reservation_id: r.id } }, body: { reason: "" } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("appr.withdrawn") });
      await Promise.all([client.invalidateQueries({ queryKey: ["approvals"] }), client.invalidateQueries({ queryKey: ["reservations"] })]);
    },
    onError: (e) => notifications.show({ color: "red", message: describeError(e, t, locale) }),
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (!list.data.length) return <Text>{t("appr.noRequests")}</Text>;
  return (
    <Stack component="ul" p={0} m={0} style={{ listStyle: "none" }} data-testid="my-requests">
      {list.data.map((r) => {
        const when = formatRange(r.start_time, r.end_time, locale);
        return (
          <Paper component="li" withBorder p="sm" key={r.id} data-testid="my-request" data-status={r.status}>
            <Group justify="space-between">
              <div>
                <Text fw={600}>{r.resource.name}</Text>
                <Text size="sm">{when}</Text>
                {r.decision_comment ? <Text size="sm">{t("appr.comment", { comment: r.decision_comment })}</Text> : null}
                <StatusBadge status={r.status} />
              </div>
              {r.status === "pending_approval" ? (
                <Button size="compact-sm" variant="default" color="red.8" loading={withdraw.isPending && withdraw.variables?.id === r.id}
                  onClick={() => withdraw.mutate(r)} aria-label={`${t("appr.withdraw")}: ${r.resource.name}, ${when}`}>
                  {t("appr.withdraw")}
                </Button>
              ) : null}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** Requests waiting for my decision (approvers, managers, admins) and the requests I made. */
export default function ApprovalsPage() {
  const { t } = useI18n();
  return (
    <Stack>
      <Title order={1}>{t("appr.title")}</Title>
      <Title order={2} size="h3">
        {t("appr.queue")}
      </Title>
      <div data-testid="approval-queue">
        <Approvals />
      </div>
      <Title order={2} size="h3">
        {t("appr.mine")}
      </Title>
      <MyRequests />
    </Stack>
  );
}
