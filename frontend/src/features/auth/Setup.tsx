import { Paper, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { useNeedsSetup } from "../../App";
import { api, unwrap } from "../../api/client";
import { useT } from "../../i18n";
import { AccountForm } from "./AccountForm";

export function Setup() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const needsSetup = useNeedsSetup();
  const [done, setDone] = useState(false);
  // Once an administrator exists this page has nothing to do (but not while we leave it ourselves).
  if (needsSetup === false && !done) return <Navigate to="/signin" replace />;
  return (
    <Paper component="section" maw={460} mx="auto" mt="xl" p="lg" withBorder aria-labelledby="setup-title">
      <Title order={1} size="h2" id="setup-title">
        {t("setup.title")}
      </Title>
      <Text size="sm" my="md">
        {t("setup.intro")}
      </Text>
      <AccountForm
        submitLabel={t("setup.submit")}
        onSubmit={async (input) => {
          await unwrap(api.POST("/api/v1/setup/initialize", { body: { ...input, email: input.email ?? null } }));
          setDone(true);
          queryClient.setQueryData(["setup-status"], { needs_setup: false, message: "" });
          navigate("/signin", { state: { notice: t("setup.done") } });
        }}
      />
    </Paper>
  );
}
