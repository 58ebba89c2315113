import { Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, itemsOf, unwrap } from "../../api/client";
import type { BusinessHours } from "../../api/planned";
import { ErrorAlert, Loading, Requires } from "../../components/feedback";
import { useI18n } from "../../i18n";
import { DatesEditor, WeekEditor } from "./ResourcesAdmin";

const HOURS_KEY = ["site", "hours"];

/** Site-wide opening hours (every resource without its own follows them) and closed days (every resource). */
function SiteHours() {
  const { t } = useI18n();
  const client = useQueryClient();
  const current = useQuery({ queryKey: HOURS_KEY, queryFn: async () => (await unwrap(api.GET("/api/v1/site/business-hours"))).intervals });
  const save = useMutation({
    mutationFn: (value: BusinessHours[]) => unwrap(api.PUT("/api/v1/site/business-hours", { body: value })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("admin.saved") });
      // Every inheriting resource's hours changed with them.
      await Promise.all([client.invalidateQueries({ queryKey: HOURS_KEY }), client.invalidateQueries({ queryKey: ["resource"] })]);
    },
  });
  if (current.isPending) return <Loading />;
  if (current.isError) return <ErrorAlert error={current.error} />;
  return <WeekEditor key={JSON.stringify(current.data)} initial={current.data} onSave={(value) => save.mutate(value)} saving={save.isPending} error={save.error} />;
}

export function SitePanel() {
  const { t } = useI18n();
  return (
    <Requires feature="feature.siteHours" endpoints={[["put", "/api/v1/site/business-hours"], ["post", "/api/v1/site/blackout-dates"]]}>
      <Stack>
        <Paper withBorder p="sm" component="section" aria-labelledby="site-hours-title">
          <Title order={2} size="h4" id="site-hours-title" mb="xs">
            {t("admin.siteHoursTitle")}
          </Title>
          <Text size="sm" mb="sm">
            {t("admin.siteHoursHelp")}
          </Text>
          <SiteHours />
        </Paper>
        <Paper withBorder p="sm" component="section" aria-labelledby="site-blackouts-title">
          <Title order={2} size="h4" id="site-blackouts-title" mb="xs">
            {t("admin.siteBlackoutsTitle")}
          </Title>
          <Text size="sm" mb="sm">
            {t("admin.siteBlackoutsHelp")}
          </Text>
          <DatesEditor
            queryKey={["site", "blackouts"]}
            load={async () => itemsOf(await unwrap(api.GET("/api/v1/site/blackout-dates")))}
            create={(draft) => unwrap(api.POST("/api/v1/site/blackout-dates", { body: draft }))}
            removeOne={(id) => unwrap(api.DELETE("/api/v1/site/blackout-dates/{blackout_id}", { params: { path: { blackout_id: id } } }))}
          />
        </Paper>
      </Stack>
    </Requires>
  );
}
