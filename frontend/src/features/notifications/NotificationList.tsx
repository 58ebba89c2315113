import { Anchor, Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { formatDateTime } from "../../components/format";
import { useI18n } from "../../i18n";
import { describeNotification, linkFor, type Notification } from "./describe";
import { useMarkRead } from "./queries";

export function NotificationList({ items, onNavigate }: { items: Notification[]; onNavigate?: () => void }) {
  const { t, locale, language } = useI18n();
  const { one } = useMarkRead();
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {items.map((n) => {
        const { title, message } = describeNotification(n, t, language);
        const to = linkFor(n);
        return (
          <Paper component="li" key={n.id} withBorder p="sm" data-testid="notification" data-read={n.is_read} style={{ borderLeftWidth: n.is_read ? 1 : 4 }}>
            {/* The text takes the room; the button keeps its whole word. */}
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
              <div style={{ flex: 1, minWidth: 0 }}>
                <Group gap={6}>
                  {!n.is_read ? (
                    <Badge size="xs" variant="outline" c="var(--mantine-color-text)">
                      {t("nc.unread")}
                    </Badge>
                  ) : null}
                  {to ? (
                    <Anchor
                      component={Link}
                      to={to}
                      fw={n.is_read ? 400 : 700}
                      size="sm"
                      onClick={() => {
                        if (!n.is_read) one.mutate(n.id);
                        onNavigate?.();
                      }}
                    >
                      {title}
                    </Anchor>
                  ) : (
                    <Text fw={n.is_read ? 400 : 700} size="sm">
                      {title}
                    </Text>
                  )}
                </Group>
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {message}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(n.created_at, locale)}
                </Text>
              </div>
              {!n.is_read ? (
                <Button size="compact-xs" variant="default" onClick={() => one.mutate(n.id)} aria-label={`${t("nc.markRead")}: ${title}`} style={{ flexShrink: 0 }}>
                  {t("nc.markRead")}
                </Button>
              ) : null}
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
