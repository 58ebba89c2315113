import { Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import type { components } from "../../api/schema";
import { formatDateTime } from "../../components/format";
import { useI18n } from "../../i18n";
import { useMarkRead } from "./queries";

type Notification = components["schemas"]["NotificationOut"];

export function NotificationList({ items }: { items: Notification[] }) {
  const { t, locale } = useI18n();
  const { one } = useMarkRead();
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {items.map((n) => (
        <Paper component="li" key={n.id} withBorder p="sm" data-testid="notification" data-read={n.is_read} style={{ borderLeftWidth: n.is_read ? 1 : 4 }}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <div>
              <Group gap={6}>
                {!n.is_read ? (
                  <Badge size="xs" variant="outline" c="var(--mantine-color-text)">
                    {t("nc.unread")}
                  </Badge>
                ) : null}
                <Text fw={n.is_read ? 400 : 700} size="sm">
                  {n.title}
                </Text>
              </Group>
              <Text size="sm">{n.message}</Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(n.created_at, locale)}
              </Text>
            </div>
            {!n.is_read ? (
              <Button size="compact-xs" variant="default" onClick={() => one.mutate(n.id)} aria-label={`${t("nc.markRead")}: ${n.title}`}>
                {t("nc.markRead")}
              </Button>
            ) : null}
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
