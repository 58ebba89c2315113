import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useEffect, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { capabilitiesQuery } from "../../api/capabilities";
import { ApiError } from "../../api/errors";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert, InfoNote } from "../../components/feedback";
import { formatDuration } from "../../components/format";
import { useT } from "../../i18n";

type Step = "password" | "otp" | "backup";

/** Seconds left until `until` (ms since epoch), ticking every second; 0 once past or unset. */
function useSecondsUntil(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}

/** Refusals that come with a wait: a locked account, or too many attempts for this name. */
const WAITS = new Set(["account_locked", "rate_limited"]);
type Block = { username: string; until: number; code: string };

/**
 * While the user types, fetch what the first signed-in screen needs (the frame and resource list
 * code, the gateway's capabilities), after the sign-in screen has painted.
 */
export function usePrepareFirstScreen(): void {
  const client = useQueryClient();
  useEffect(() => {
    const timer = setTimeout(() => {
      void import("../../components/AppFrame");
      void import("../resources/ResourceList");
      void client.prefetchQuery(capabilitiesQuery);
    }, 300);
    return () => clearTimeout(timer);
  }, [client]);
}

export function SignIn() {
  const t = useT();
  usePrepareFirstScreen();
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
  const [block, setBlock] = useState<Block | null>(null);
  const wait = useSecondsUntil(block?.until ?? null);
  // The wait belongs to the name it was reported for: another name may sign in at once.
  const blocked = block !== null && block.username === username.trim() && wait > 0;
  const locked = block !== null && block.username === username.trim() && block.code === "account_locked";

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setBlock(null);
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
        if (e instanceof ApiError && WAITS.has(e.code)) setBlock({ username: username.trim(), until: Date.now() + (e.retryAfter ?? 0) * 1000, code: e.code });
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
          {notice && !error ? <InfoNote>{notice}</InfoNote> : null}
          {!notice && !error && endReason === "expired" && !mfa ? <InfoNote>{t("auth.expired")}</InfoNote> : null}
          {block && block.username === username.trim() ? (
            <Alert color="red" variant="light" icon={<IconLock aria-hidden />} title={locked ? t("auth.locked") : undefined} role="alert" data-testid="lockout">
              <Text size="sm">{wait > 0 ? t(locked ? "auth.lockedWait" : "err.rateLimitedWait", { time: formatDuration(wait) }) : t("auth.tryNow")}</Text>
            </Alert>
          ) : error && !(error instanceof ApiError && WAITS.has(error.code)) ? (
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
              <Anchor component={Link} to="/forgot-password" size="sm" w="fit-content">
                {t("auth.forgot")}
              </Anchor>
            </>
          )}
          <Button type="submit" loading={busy} disabled={blocked}>
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
