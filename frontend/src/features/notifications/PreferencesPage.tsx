import { Anchor, Button, Checkbox, Group, NumberInput, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowLeft } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";
import { ErrorAlert, Loading, Requires } from "../../components/feedback";
import { useT } from "../../i18n";
import type { MessageKey } from "../../i18n/en";

type Channel = components["schemas"]["ChannelPreferenceOut"];
/** Announcements are how administrators reach everyone: the server keeps them in the app. */
const MANDATORY_IN_APP = new Set(["system_announcement"]);

function PreferencesForm() {
  const t = useT();
  const client = useQueryClient();
  const prefs = useQuery({ queryKey: ["notification-preferences"], queryFn: () => unwrap(api.GET("/api/v1/notifications/preferences")) });
  const [channels, setChannels] = useState<Channel[]>([]);
  const [reminder, setReminder] = useState<number | "">("");
  useEffect(() => {
    if (!prefs.data) return;
    setChannels(prefs.data.channels);
    setReminder(prefs.data.reminder_minutes);
  }, [prefs.data]);
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PUT("/api/v1/notifications/preferences", { body: { channels: channels.map(({ type, in_app, email }) => ({ type, in_app, email })), reminder_minutes: reminder === "" ? null : reminder } })),
    onSuccess: (answer) => {
      client.setQueryData(["notification-preferences"], answer);
      notifications.show({ color: "green", message: t("np.saved") });
    },
  });
  if (prefs.isPending) return <Loading />;
  if (prefs.isError) return <ErrorAlert error={prefs.error} onRetry={() => void prefs.refetch()} />;
  const set = (type: string, change: Partial<Channel>) => setChannels((list) => list.map((c) => (c.type === type ? { ...c, ...change } : c)));
  const label = (type: string) => {
    const key = `ntype.${type}` as MessageKey;
    const text = t(key);
    return text === key ? type : text;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={640}>
        <Table withTableBorder data-testid="notification-preferences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("np.type")}</Table.Th>
              <Table.Th scope="col" ta="center">
                {t("np.inApp")}
              </Table.Th>
              <Table.Th scope="col" ta="center">
                {t("np.email")}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.map((c) => (
              <Table.Tr key={c.type}>
                <Table.Th scope="row" fw={400}>
                  {label(c.type)}
                </Table.Th>
                <Table.Td>
                  <Checkbox
                    mx="auto"
                    w="fit-content"
                    checked={c.in_app}
                    disabled={MANDATORY_IN_APP.has(c.type)}
                    onChange={(e) => set(c.type, { in_app: e.currentTarget.checked })}
                    aria-label={`${label(c.type)}: ${t("np.inApp")}`}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox mx="auto" w="fit-content" checked={c.email} onChange={(e) => set(c.type, { email: e.currentTarget.checked })} aria-label={`${label(c.type)}: ${t("np.email")}`} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <NumberInput
          label={t("np.reminder")}
          description={t("np.reminderHint")}
          min={0}
          max={10080}
          value={reminder}
          onChange={(v) => setReminder(v === "" ? "" : Number(v))}
          maw={260}
        />
        {save.error ? <ErrorAlert error={save.error} /> : null}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t("app.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export default function PreferencesPage() {
  const t = useT();
  return (
    <Stack>
      <Anchor component={Link} to="/notifications" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t("nc.title")}
        </Group>
      </Anchor>
      <Title order={1} size="h2">
        {t("np.title")}
      </Title>
      <Text size="sm">{t("np.intro")}</Text>
      <Requires feature="feature.preferences" endpoints={[["get", "/api/v1/notifications/preferences"], ["put", "/api/v1/notifications/preferences"]]}>
        <PreferencesForm />
      </Requires>
    </Stack>
  );
}
