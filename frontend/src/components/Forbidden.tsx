import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { useT } from "../i18n";

/** A signed-in user without the role a page needs: what happened and where to go instead. */
export function Forbidden({ hint }: { hint?: string }) {
  const t = useT();
  return (
    <Stack data-testid="forbidden">
      <Title order={1} size="h2">
        {t("app.forbidden")}
      </Title>
      {hint ? <Text>{hint}</Text> : null}
      <Anchor component={Link} to="/resources">
        {t("app.home")}
      </Anchor>
    </Stack>
  );
}
