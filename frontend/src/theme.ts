import { Alert, createTheme, Modal, Notification, TableScrollContainer, type CSSVariablesResolver, type MantineThemeOverride } from "@mantine/core";

// Shade 8 keeps white text on the primary colour above 4.5:1 (WCAG AA).
export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  cursorType: "pointer",
  // No slides or fades for people who asked their system for less motion.
  respectReducedMotion: true,
  components: {
    // Alert titles in the text colour: tinted titles on tinted backgrounds fall below 4.5:1.
    Alert: Alert.extend({ styles: { title: { color: "var(--mantine-color-text)" } } }),
    // A table wider than the screen scrolls sideways: its viewport takes keyboard focus so the
    // arrow keys can scroll it even when no cell holds a link or button (WCAG 2.1.1).
    TableScrollContainer: TableScrollContainer.extend({ defaultProps: { scrollAreaProps: { viewportProps: { tabIndex: 0 } } } }),
  },
});

/** The theme with close buttons (dialogs, toasts) named in the reader's language. */
export function themeFor(closeLabel: string): MantineThemeOverride {
  const closeButtonProps = { "aria-label": closeLabel };
  return {
    ...theme,
    components: {
      ...theme.components,
      Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps } }),
    },
  };
}

// Mantine's default "dimmed" grey is too light for small text on white, and so is its red for
// the small error text under a field (3.3:1): shade 8 on light, shade 4 on dark pass 4.5:1.
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)", "--mantine-color-placeholder": "var(--mantine-color-gray-7)", "--mantine-color-error": "var(--mantine-color-red-8)" },
  dark: { "--mantine-color-dimmed": "var(--mantine-color-dark-1)", "--mantine-color-placeholder": "var(--mantine-color-dark-1)", "--mantine-color-error": "var(--mantine-color-red-4)" },
});
