import { Anchor, Paper, Text, Title } from "@mantine/core";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { useT } from "../../i18n";
import { AccountForm } from "./AccountForm";
import { usePrepareFirstScreen } from "./SignIn";

export function SignUp() {
  const t = useT();
  const navigate = useNavigate();
  const { signIn } = useAuth();
  usePrepareFirstScreen();
  return (
    <Paper component="section" maw={460} mx="auto" mt="xl" p="lg" withBorder aria-labelledby="signup-title">
      <Title order={1} size="h2" id="signup-title" mb="md">
        {t("auth.signUp")}
      </Title>
      <AccountForm
        submitLabel={t("auth.signUp")}
        onSubmit={async (input) => {
          await unwrap(api.POST("/api/v1/register", { body: { ...input, email: input.email ?? null } }));
          // The account exists: sign straight in with what was just typed.
          try {
            await signIn({ username: input.username, password: input.password });
            navigate("/resources", { replace: true, state: { welcome: true } });
          } catch {
            navigate("/signin", { state: { notice: t("auth.signedUp") } });
          }
        }}
      />
      <Text size="sm" mt="md">
        {t("auth.haveAccount")}{" "}
        <Anchor component={Link} to="/signin">
          {t("auth.signIn")}
        </Anchor>
      </Text>
    </Paper>
  );
}
