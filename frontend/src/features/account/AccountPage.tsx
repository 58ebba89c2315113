import { Badge, Button, Code, Group, Image, Modal, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { ApiError } from "../../api/errors";
import type { MfaSetup } from "../../api/planned";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorAlert, Requires } from "../../components/feedback";
import { useT } from "../../i18n";
import { PasswordStrength } from "../auth/PasswordStrength";

/** The QR code as an image address: the API sends complete `data:` URIs; bare SVG or base64 PNG are wrapped. */
export function qrSource(setup: Pick<MfaSetup, "qr_code" | "qr_code_svg">): string | undefined {
  const svg = setup.qr_code_svg?.trim();
  if (svg) return svg.startsWith("data:") ? svg : `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
  const png = setup.qr_code?.trim();
  if (!png) return undefined;
  return png.startsWith("data:") ? png : `data:image/png;base64,${png}`;
}

function MfaSection() {
  const t = useT();
  const { user } = useAuth();
  const client = useQueryClient();
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [code, setCode] = useState("");
  const done = () => client.invalidateQueries({ queryKey: ["me"] });
  const start = useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/mfa/setup")), onSuccess: setSetup });
  const verify = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/mfa/verify", { body: { code } })),
    onSuccess: async () => {
      notifications.show({ color: "green", message: t("acc.mfaEnabled") });
      setSetup(null);
      setCode("");
      await done();
    },
  });
  const disable = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/mfa/disable", { body: { code } })),
    onSuccess: async () => {
      notifications.show({ message: t("acc.mfaDisabled") });
      setCode("");
      await done();
    },
  });
  const error = start.error ?? verify.error ?? disable.error;
  const codeError = error instanceof ApiError && (error.field("code") || error.status === 400 || error.status === 401 || error.status === 422) ? error.message : undefined;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (user?.mfa_enabled) disable.mutate();
    else verify.mutate();
  };

  return (
    <Stack>
      <Text>
        {t("acc.mfa")}: <Badge variant="outline" c="var(--mantine-color-text)" data-testid="mfa-state">{user?.mfa_enabled ? `✓ ${t("acc.mfaOn")}` : `✕ ${t("acc.mfaOff")}`}</Badge>
      </Text>
      {error && !codeError ? <ErrorAlert error={error} /> : null}
      {!user?.mfa_enabled && !setup ? (
        <Button onClick={() => start.mutate()} loading={start.isPending} w="fit-content">
          {t("acc.mfaEnable")}
        </Button>
      ) : null}
      {setup ? (
        <Stack gap="xs">
          <Text size="sm">{t("acc.mfaScan")}</Text>
          {qrSource(setup) ? <Image src={qrSource(setup)} alt={t("acc.mfaQr")} w={180} h={180} fit="contain" bg="white" data-testid="mfa-qr" /> : null}
          <Text size="sm">
            {t("acc.mfaSecret")}: <Code data-testid="mfa-secret">{setup.secret}</Code>
          </Text>
          <Text size="sm">{t("acc.mfaBackup")}</Text>
          <Code block data-testid="backup-codes">
            {setup.backup_codes.join("\n")}
          </Code>
        </Stack>
      ) : null}
      {setup || user?.mfa_enabled ? (
        <form onSubmit={onSubmit}>
          <Group align="flex-end">
            <TextInput
              label={setup ? t("acc.mfaConfirm") : t("auth.mfaCode")}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.trim())}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={8}
              error={codeError}
              required
            />
            <Button type="submit" loading={verify.isPending || disable.isPending} color={user?.mfa_enabled ? "red.8" : undefined}>
              {user?.mfa_enabled ? t("acc.mfaDisable") : t("auth.verify")}
            </Button>
          </Group>
        </form>
      ) : null}
    </Stack>
  );
}

function PasswordSection() {
  const t = useT();
  const { user } = useAuth();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/users/me/password", { body: { current_password: current, new_password: next } })),
    onSuccess: () => {
      notifications.show({ color: "green", message: t("acc.passwordChanged") });
      setCurrent("");
      setNext("");
    },
  });
  const error = change.error instanceof ApiError ? change.error : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <Stack gap="xs" maw={420}>
        <PasswordInput label={t("acc.currentPassword")} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" error={error?.field("current_password")} required />
        <div>
          <PasswordInput label={t("acc.newPassword")} value={next} onChange={(e) => setNext(e.currentTarget.value)} autoComplete="new-password" error={error?.field("new_password") ?? error?.field("password")} aria-describedby="new-password-strength" required />
          <PasswordStrength id="new-password-strength" password={next} username={user?.username ?? ""} />
        </div>
        {change.error && !(error?.field("current_password") || error?.field("new_password") || error?.field("password")) ? <ErrorAlert error={change.error} /> : null}
        <Button type="submit" loading={change.isPending} w="fit-content">
          {t("acc.password")}
        </Button>
      </Stack>
    </form>
  );
}

/** "Delete my account": confirmed in a dialog with the password (and a code when two-step verification is on). */
function DeleteSection() {
  const t = useT();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/auth/users/me", { body: { password, otp: code } })),
    onSuccess: async () => {
      await signOut();
      navigate("/signin", { replace: true, state: { notice: t("acc.deleted") } });
    },
  });
  const error = remove.error instanceof ApiError ? remove.error : null;
  const fieldError = error?.field("password") ?? error?.field("otp");
  const close = () => {
    setOpen(false);
    setPassword("");
    setCode("");
    remove.reset();
  };
  return (
    <Stack gap="xs">
      <Text size="sm">{t("acc.deleteIntro")}</Text>
      <Button color="red.8" variant="outline" onClick={() => setOpen(true)} w="fit-content">
        {t("acc.delete")}
      </Button>
      <Modal opened={open} onClose={close} title={t("acc.deleteConfirmTitle")}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            remove.mutate();
          }}
          noValidate
        >
          <Stack>
            <Text size="sm">{t("acc.deleteIntro")}</Text>
            {remove.error && !fieldError ? <ErrorAlert error={remove.error} /> : null}
            <PasswordInput
              label={t("acc.deletePassword")}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              autoComplete="current-password"
              error={error?.field("password")}
              required
              data-autofocus
            />
            {user?.mfa_enabled ? (
              <TextInput
                label={t("acc.deleteCode")}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value.trim())}
                autoComplete="one-time-code"
                maxLength={32}
                error={error?.field("otp")}
                required
              />
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("app.cancel")}
              </Button>
              <Button type="submit" color="red.8" loading={remove.isPending} disabled={!password}>
                {t("acc.deleteConfirm")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}

export default function AccountPage() {
  const t = useT();
  const { user } = useAuth();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("acc.title")}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="profile-title">
          <Title order={2} size="h4" id="profile-title" mb="sm">
            {t("acc.profile")}
          </Title>
          <Text>
            {t("auth.username")}: <strong>{user?.username}</strong>
          </Text>
          {user?.email ? <Text>{user.email}</Text> : null}
          <Text>
            {t("acc.roles")}: {user?.roles.join(", ")}
          </Text>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="mfa-title">
          <Title order={2} size="h4" id="mfa-title" mb="sm">
            {t("acc.mfa")}
          </Title>
          <Requires feature="feature.mfa" endpoints={[["post", "/api/v1/auth/mfa/setup"], ["post", "/api/v1/auth/mfa/verify"]]}>
            <MfaSection />
          </Requires>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="password-title">
          <Title order={2} size="h4" id="password-title" mb="sm">
            {t("acc.password")}
          </Title>
          <Requires feature="feature.password" endpoints={[["post", "/api/v1/users/me/password"]]}>
            <PasswordSection />
          </Requires>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="delete-title">
          <Title order={2} size="h4" id="delete-title" mb="sm">
            {t("acc.delete")}
          </Title>
          <DeleteSection />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
