import { Anchor, AppShell, Badge, Burger, Button, Group, Indicator, NavLink, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBell, IconBuilding, IconCalendarEvent, IconChecklist, IconClockHour4, IconSettings, IconShieldLock, IconUser } from "@tabler/icons-react";
import { useEffect, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { useAuth } from "../auth/AuthProvider";
import { NotificationBell } from "../features/notifications/NotificationBell";
import { OfferToasts, useOpenOffers } from "../features/waitlist/offers";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { LiveIndicator } from "./LiveIndicator";
import { LanguagePicker, markFirstScreen, ThemeToggle } from "./Shell";

const LINKS: { to: string; label: MessageKey; icon: ReactNode; manager?: boolean }[] = [
  { to: "/resources", label: "nav.resources", icon: <IconBuilding size={18} aria-hidden /> },
  { to: "/reservations", label: "nav.reservations", icon: <IconCalendarEvent size={18} aria-hidden /> },
  { to: "/waitlist", label: "nav.waitlist", icon: <IconClockHour4 size={18} aria-hidden /> },
  { to: "/approvals", label: "nav.approvals", icon: <IconChecklist size={18} aria-hidden /> },
  { to: "/notifications", label: "nav.notifications", icon: <IconBell size={18} aria-hidden /> },
  { to: "/account", label: "nav.account", icon: <IconUser size={18} aria-hidden /> },
  { to: "/admin", label: "nav.admin", icon: <IconShieldLock size={18} aria-hidden />, manager: true },
];

/** The signed-in frame: header with notifications, navigation, live state (loaded on demand). */
export default function AppFrame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user, isManager, signOut } = useAuth();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const offers = useOpenOffers().length;
  useEffect(markFirstScreen, []);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        {t("app.skip")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Indicator disabled={offers === 0} color="violet.8" size={10} offset={4} hiddenFrom="sm">
              <Burger opened={opened} onClick={toggle} size="sm" aria-label={offers ? `${t("app.menu")} (${t("wl.offerBadge", { count: offers })})` : t("app.menu")} aria-expanded={opened} />
            </Indicator>
            <Anchor component={Link} to="/resources" fw={700} c="var(--mantine-color-text)" underline="never">
              {t("app.name")}
            </Anchor>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            <ThemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t("nav.main")}>
        <Stack justify="space-between" h="100%">
          <div>
            {LINKS.filter((l) => !l.manager || isManager).map((link) => (
              <NavLink
                key={link.to}
                component={Link}
                to={link.to}
                label={t(link.label)}
                leftSection={link.icon}
                rightSection={
                  link.to === "/waitlist" && offers ? (
                    <span data-testid="waitlist-badge">
                      <Badge color="violet.8" size="sm" circle aria-hidden>
                        {offers}
                      </Badge>
                      <span className="rr-sr-only">{t("wl.offerBadge", { count: offers })}</span>
                    </span>
                  ) : undefined
                }
                variant="filled"
                active={location.pathname.startsWith(link.to)}
                aria-current={location.pathname.startsWith(link.to) ? "page" : undefined}
                onClick={close}
              />
            ))}
          </div>
          <Stack gap="xs">
            <LiveIndicator />
            <LanguagePicker />
            {user ? (
              <Group gap={4} wrap="nowrap">
                <IconSettings size={14} aria-hidden />
                <Text size="sm" truncate data-testid="current-user">
                  {user.username}
                </Text>
              </Group>
            ) : null}
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              {t("nav.signOut")}
            </Button>
          </Stack>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
      <OfferToasts />
    </AppShell>
  );
}

