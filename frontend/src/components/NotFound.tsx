import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { useT } from "../i18n";

export default function NotFound() {
  const t = useT();
  return (
    <Stack>
      <Title order={1} size="h2">
        404
      </Title>
      <Text>{t("app.notFound")}</Text>
      <Anchor component={Link} to="/resources">
        {t("app.home")}
      </Anchor>
    </Stack>
  );
}
