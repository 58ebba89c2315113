import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useEffect, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert, InfoNote } from "../../components/feedback";
import { formatDuration } from "../../components/format";
import { useT } from "../../i18n";

type Step = "password" | "otp" | "backup";

/** Counts down from `seconds` once a lockout is reported. */
function useCountdown(seconds: number | undefined): number {
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (!seconds) return;
    setLeft(seconds);
    const timer = setInterval(() => setLeft((s) => Math.max(0, s - 1)), 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  return left;
}

export function SignIn() {
  const t = useT();
  const { signIn, endReason } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [step, setStep] = useState<Step>("password");
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const locked = error instanceof ApiError && error.code === "account_locked";
  const wait = useCountdown(locked ? error.retryAfter : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn({ username, password, otp: step === "otp" ? code : undefined, backupCode: step === "backup" ? code : undefined });
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== "/signin" ? from : "/resources", { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === "mfa_required") {
        setStep("otp");
        setCode("");
      } else {
        setError(e instanceof Error ? e : new Error(String(e)));
      }
    } finally {
      setBusy(false);
    }
  }

  const mfa = step !== "password";
  return (
    <Paper component="section" maw={420} mx="auto" mt="xl" p="lg" withBorder aria-labelledby="signin-title">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2" id="signin-title">
            {mfa ? t("auth.mfaTitle") : t("auth.signIn")}
          </Title>
          {notice ? <InfoNote>{notice}</InfoNote> : null}
          {!notice && endReason === "expired" && !mfa ? <InfoNote>{t("auth.expired")}</InfoNote> : null}
          {locked ? (
            <Alert color="red" variant="light" icon={<IconLock aria-hidden />} title={t("auth.locked")} role="alert" data-testid="lockout">
              <Text size="sm">{wait > 0 ? t("auth.lockedWait", { time: formatDuration(wait) }) : error.message}</Text>
            </Alert>
          ) : error ? (
            <ErrorAlert error={error} />
          ) : null}
          {mfa ? (
            <>
              <Text size="sm">{step === "otp" ? t("auth.mfaPrompt") : t("auth.backupCode")}</Text>
              <TextInput
                label={step === "otp" ? t("auth.mfaCode") : t("auth.backupCode")}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value.trim())}
                inputMode={step === "otp" ? "numeric" : "text"}
                autoComplete="one-time-code"
                maxLength={step === "otp" ? 6 : 32}
                required
                data-autofocus
                autoFocus
              />
              <Anchor component="button" type="button" size="sm" onClick={() => setStep(step === "otp" ? "backup" : "otp")}>
                {step === "otp" ? t("auth.useBackup") : t("auth.useOtp")}
              </Anchor>
            </>
          ) : (
            <>
              <TextInput label={t("auth.username")} value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoComplete="username" required />
              <PasswordInput label={t("auth.password")} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" required />
            </>
          )}
          <Button type="submit" loading={busy} disabled={locked && wait > 0}>
            {mfa ? t("auth.verify") : t("auth.signIn")}
          </Button>
          {!mfa ? (
            <Text size="sm">
              {t("auth.noAccount")}{" "}
              <Anchor component={Link} to="/signup">
                {t("auth.signUp")}
              </Anchor>
            </Text>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
