import { ActionIcon, Anchor, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBell } from "@tabler/icons-react";
import { Link } from "react-router";
import { ErrorAlert, Loading } from "../../components/feedback";
import { useT } from "../../i18n";
import { NotificationList } from "./NotificationList";
import { useMarkRead, useNotifications, useUnreadCount } from "./queries";

function Panel({ onNavigate }: { onNavigate: () => void }) {
  const t = useT();
  const list = useNotifications(false, 10);
  const { all } = useMarkRead();
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h5">
          {t("nc.title")}
        </Title>
        <Button size="compact-xs" variant="default" onClick={() => all.mutate()} loading={all.isPending}>
          {t("nc.markAll")}
        </Button>
      </Group>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : null}
      {items.length ? (
        <ScrollArea.Autosize mah={360}>
          <NotificationList items={items} onNavigate={onNavigate} />
        </ScrollArea.Autosize>
      ) : list.isSuccess ? (
        <Text size="sm">{t("nc.none")}</Text>
      ) : null}
      <Anchor component={Link} to="/notifications" size="sm" onClick={onNavigate}>
        {t("nc.viewAll")}
      </Anchor>
    </Stack>
  );
}

export function NotificationBell() {
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure(false);
  const unread = useUnreadCount().data?.count ?? 0;
  return (
    <Indicator label={unread > 99 ? "99+" : unread} size={18} disabled={unread === 0} offset={4} color="red.8" data-testid="unread-badge">
      <Popover opened={opened} onChange={(o) => !o && close()} width={360} position="bottom-end" shadow="md" trapFocus returnFocus>
        <Popover.Target>
          <ActionIcon variant="default" size="lg" onClick={toggle} aria-label={t("nc.open", { count: unread })}>
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown aria-label={t("nc.title")} maw="calc(100vw - 16px)">
          {opened ? <Panel onNavigate={close} /> : null}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
