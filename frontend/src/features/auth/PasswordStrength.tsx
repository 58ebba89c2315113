import { Box, List, Progress, Text, VisuallyHidden } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useT } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { checkRules, MIN_LENGTH, strength } from "./passwordPolicy";

const LEVELS: MessageKey[] = ["password.veryWeak", "password.weak", "password.fair", "password.good", "password.strong"];
const COLOURS = ["red", "red", "orange", "lime", "green"];

export function PasswordStrength({ password, username, id }: { password: string; username: string; id: string }) {
  const t = useT();
  const score = strength(password, username);
  const level = t(LEVELS[score] ?? "password.veryWeak");
  return (
    <Box id={id} mt={6}>
      <Progress value={password ? (score + 1) * 20 : 0} color={COLOURS[score]} size="sm" aria-hidden />
      <Text size="sm" mt={4} aria-live="polite" data-testid="password-strength" data-score={score}>
        {t("password.strength", { level })}
      </Text>
      <Text size="sm" fw={500} mt={4}>
        {t("password.requirements")}
      </Text>
      <List size="sm" spacing={2} listStyleType="none" ml={0}>
        {checkRules(password, username).map(({ rule, ok }) => (
          <List.Item key={rule} icon={ok ? <IconCheck size={14} aria-hidden color="var(--mantine-color-green-8)" /> : <IconX size={14} aria-hidden color="var(--mantine-color-red-8)" />}>
            <span>{t(`password.rule.${rule}` as MessageKey, { min: MIN_LENGTH })}</span>
            <VisuallyHidden> ({t(ok ? "password.met" : "password.unmet")})</VisuallyHidden>
          </List.Item>
        ))}
      </List>
    </Box>
  );
}
