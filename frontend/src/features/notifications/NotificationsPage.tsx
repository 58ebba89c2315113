import { Button, Group, Stack, Switch, Text, Title } from "@mantine/core";
import { IconSettings } from "@tabler/icons-react";
import { Link } from "react-router";
import { useState } from "react";
import { ErrorAlert, Loading } from "../../components/feedback";
import { useT } from "../../i18n";
import { NotificationList } from "./NotificationList";
import { useMarkRead, useNotifications } from "./queries";

export default function NotificationsPage() {
  const t = useT();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const { all } = useMarkRead();
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("nc.title")}
        </Title>
        <Group>
          <Switch label={t("nc.unreadOnly")} checked={unreadOnly} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} />
          <Button variant="default" onClick={() => all.mutate()} loading={all.isPending}>
            {t("nc.markAll")}
          </Button>
          <Button variant="subtle" component={Link} to="/notifications/preferences" leftSection={<IconSettings size={16} aria-hidden />}>
            {t("np.open")}
          </Button>
        </Group>
      </Group>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && !items.length ? <Text>{t("nc.none")}</Text> : <NotificationList items={items} />}
      {list.hasNextPage ? (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("app.loadMore")}
        </Button>
      ) : null}
    </Stack>
  );
}
