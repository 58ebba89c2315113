import { Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import { ErrorAlert, InfoNote } from "../../components/feedback";
import { useT } from "../../i18n";
import { PasswordStrength } from "./PasswordStrength";

/** "Forgot password?": asks for a reset e-mail. The server answers alike whether or not the account exists. */
export function ForgotPassword() {
  const t = useT();
  const [login, setLogin] = useState("");
  const ask = useMutation({
    mutationFn: () => {
      const value = login.trim();
      return unwrap(api.POST("/api/v1/auth/password-reset", { body: value.includes("@") ? { email: value } : { username: value } }));
    },
  });
  return (
    <Paper component="section" maw={420} mx="auto" mt="xl" p="lg" withBorder aria-labelledby="forgot-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          ask.mutate();
        }}
        noValidate
      >
        <Stack>
          <Title order={1} size="h2" id="forgot-title">
            {t("auth.forgotTitle")}
          </Title>
          {ask.isSuccess ? (
            <InfoNote>{t("auth.forgotSent")}</InfoNote>
          ) : (
            <>
              <Text size="sm">{t("auth.forgotIntro")}</Text>
              {ask.error ? <ErrorAlert error={ask.error} /> : null}
              <TextInput label={t("auth.forgotLogin")} value={login} onChange={(e) => setLogin(e.currentTarget.value)} autoComplete="username" required />
              <Button type="submit" loading={ask.isPending} disabled={!login.trim()}>
                {t("auth.forgotSend")}
              </Button>
            </>
          )}
          <Anchor component={Link} to="/signin" size="sm">
            {t("auth.backToSignIn")}
          </Anchor>
        </Stack>
      </form>
    </Paper>
  );
}

/** The page the e-mailed link opens: `/reset-password?token=...` sets a new password. */
export function ResetPassword() {
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const confirm = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/password-reset/confirm", { body: { token, new_password: password } })),
    onSuccess: () => navigate("/signin", { replace: true, state: { notice: t("auth.resetDone") } }),
  });
  const error = confirm.error instanceof ApiError ? confirm.error : null;
  const passwordError = error?.field("new_password");
  const spent = error?.code === "invalid_reset_token";
  return (
    <Paper component="section" maw={420} mx="auto" mt="xl" p="lg" withBorder aria-labelledby="reset-title">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          confirm.mutate();
        }}
        noValidate
      >
        <Stack>
          <Title order={1} size="h2" id="reset-title">
            {t("auth.resetTitle")}
          </Title>
          {!token ? <InfoNote>{t("auth.resetNoToken")}</InfoNote> : null}
          {confirm.error && !passwordError ? <ErrorAlert error={confirm.error} /> : null}
          {token && !spent ? (
            <>
              <div>
                <PasswordInput
                  label={t("auth.resetNew")}
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  autoComplete="new-password"
                  error={passwordError}
                  aria-describedby="reset-password-strength"
                  required
                />
                <PasswordStrength id="reset-password-strength" password={password} username="" />
              </div>
              <Button type="submit" loading={confirm.isPending} disabled={!password}>
                {t("auth.resetSave")}
              </Button>
            </>
          ) : null}
          {!token || spent ? (
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t("auth.resetAgain")}
            </Anchor>
          ) : null}
          <Anchor component={Link} to="/signin" size="sm">
            {t("auth.backToSignIn")}
          </Anchor>
        </Stack>
      </form>
    </Paper>
  );
}
