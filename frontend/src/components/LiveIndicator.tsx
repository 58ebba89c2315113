import { Group, Text } from "@mantine/core";
import { POLL_MS, useLive } from "../live/LiveProvider";
import { useT } from "../i18n";

const SYMBOL = { live: "●", connecting: "◌", offline: "○" } as const;
const COLOUR = { live: "var(--mantine-color-green-8)", connecting: "var(--mantine-color-yellow-8)", offline: "var(--mantine-color-gray-7)" } as const;

/** Live-update state as a symbol and a word (colour is only a third cue). */
export function LiveIndicator() {
  const t = useT();
  const { state } = useLive();
  const text = state === "live" ? t("live.on") : state === "connecting" ? t("live.connecting") : t("live.off", { seconds: POLL_MS / 1000 });
  return (
    <Group gap={6} wrap="nowrap" role="status" aria-label={t("live.label", { state: text })} data-testid="live-indicator" data-state={state}>
      <span aria-hidden style={{ color: COLOUR[state] }}>
        {SYMBOL[state]}
      </span>
      <Text size="xs" aria-hidden>
        {text}
      </Text>
    </Group>
  );
}
