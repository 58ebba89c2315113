import { ActionIcon, Group, NativeSelect, Text, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { IconMoon, IconSun } from "@tabler/icons-react";
import { useEffect, type ReactNode } from "react";
import { LANGUAGES, useI18n, type Language } from "../i18n";

/** Marks when the first real screen is on the page (read by the browser tests). */
export function markFirstScreen(): void {
  if (typeof performance !== "undefined" && !performance.getEntriesByName("rr-first-screen").length) performance.mark("rr-first-screen");
}

export function ThemeToggle() {
  const { t } = useI18n();
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme("light");
  const next = scheme === "dark" ? "light" : "dark";
  return (
    <ActionIcon variant="default" size="lg" onClick={() => setColorScheme(next)} aria-label={t(next === "dark" ? "app.themeDark" : "app.themeLight")}>
      {scheme === "dark" ? <IconSun size={20} aria-hidden /> : <IconMoon size={20} aria-hidden />}
    </ActionIcon>
  );
}

export function LanguagePicker() {
  const { t, language, setLanguage } = useI18n();
  return (
    <NativeSelect
      size="xs"
      label={t("app.language")}
      value={language}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
      data={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
    />
  );
}

/** Pages shown to signed-out visitors: a slim header with language and theme. */
export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  useEffect(markFirstScreen, []);
  return (
    <>
      <a href="#main" className="skip-link">
        {t("app.skip")}
      </a>
      <Group component="header" justify="space-between" px="md" py="xs" wrap="nowrap" style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
        <Text fw={700}>{t("app.name")}</Text>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <LanguagePicker />
          <ThemeToggle />
        </Group>
      </Group>
      <main id="main" tabIndex={-1} style={{ padding: "0 12px 24px" }}>
        {children}
      </main>
    </>
  );
}
