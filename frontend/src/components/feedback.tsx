import { Alert, Badge, Button, Center, Group, Loader, Text } from "@mantine/core";
import { IconAlertTriangle, IconClockPause, IconInfoCircle } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { describeError, SAYS_RETRY } from "../api/describe";
import { ApiError } from "../api/errors";
import type { ApiPath, Method } from "../api/paths";
import { useCapabilities } from "../api/capabilities";
import { useI18n, useT } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { formatDuration } from "./format";

export function Loading({ label }: { label?: string }) {
  const t = useT();
  return (
    <Center py="lg" role="status" aria-live="polite">
      <Group gap="xs">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{label ?? t("app.loading")}</Text>
      </Group>
    </Center>
  );
}

export function NotAvailable({ feature, endpoint }: { feature: MessageKey; endpoint: string }) {
  const t = useT();
  return (
    <Alert variant="light" color="gray" icon={<IconClockPause aria-hidden />} title={t("app.notAvailable", { feature: t(feature) })} data-testid="not-available">
      <Text size="sm">{t("app.notAvailableHint", { endpoint })}</Text>
    </Alert>
  );
}

/**
 * What went wrong, once, in the reader's language. A refusal the user can act on (4xx) is told by
 * its sentence alone; "Something went wrong" heads only failures of the server or the network.
 */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t, locale } = useI18n();
  const refusal = error instanceof ApiError && error.status >= 400 && error.status < 500;
  const retryAfter = error instanceof ApiError && !SAYS_RETRY.has(error.code) ? error.retryAfter : undefined;
  return (
    <Alert variant="light" color="red" icon={<IconAlertTriangle aria-hidden />} title={title ?? (refusal ? undefined : t("app.error"))} role="alert" data-testid="error-alert">
      <Text size="sm">{describeError(error, t, locale)}</Text>
      {retryAfter ? <Text size="sm">{t("app.retryAfter", { time: formatDuration(retryAfter) })}</Text> : null}
      {onRetry ? (
        <Button mt="xs" size="xs" variant="default" onClick={onRetry}>
          {t("app.retry")}
        </Button>
      ) : null}
    </Alert>
  );
}

export function InfoNote({ children }: { children: ReactNode }) {
  return (
    <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />}>
      <Text size="sm">{children}</Text>
    </Alert>
  );
}

/** Renders children only when the gateway serves every listed endpoint; otherwise says so. */
export function Requires({ endpoints, feature, children }: { endpoints: [Method, ApiPath][]; feature: MessageKey; children: ReactNode }) {
  const caps = useCapabilities();
  if (!caps) return <Loading />;
  const missing = endpoints.find(([method, path]) => !caps.has(method, path));
  if (missing) return <NotAvailable feature={feature} endpoint={`${missing[0].toUpperCase()} ${missing[1]}`} />;
  return <>{children}</>;
}

const STATUS_COLOURS: Record<string, string> = {
  available: "green", confirmed: "green", approved: "green", accepted: "green", checked_in: "teal", completed: "gray",
  unavailable: "red", cancelled: "gray", rejected: "red", expired: "gray", declined: "gray", no_show: "orange",
  maintenance: "orange", pending: "yellow", held: "violet", offered: "violet", waiting: "blue",
};
const STATUS_SYMBOLS: Record<string, string> = {
  available: "✓", confirmed: "✓", approved: "✓", accepted: "✓", checked_in: "✓", completed: "✓",
  unavailable: "✕", cancelled: "✕", rejected: "✕", expired: "✕", declined: "✕", no_show: "!",
  maintenance: "⚠", pending: "…", held: "★", offered: "★", waiting: "…",
};

/** Status as a word and a symbol, with colour only as a third cue. */
export function StatusBadge({ status: given }: { status: string }) {
  const t = useT();
  // The API says pending_approval; the app's words and colours know it as pending.
  const status = given === "pending_approval" ? "pending" : given;
  const key = `status.${status}` as MessageKey;
  const label = t(key, { status }) === key ? status : t(key, { status });
  return (
    <Badge color={STATUS_COLOURS[status] ?? "gray"} variant="outline" radius="sm" c="var(--mantine-color-text)" leftSection={<span aria-hidden>{STATUS_SYMBOLS[status] ?? "•"}</span>} data-status={given}>
      {label}
    </Badge>
  );
}
