import { defineConfig } from "@playwright/test";

// The browser and the test code agree on the wall clock, so "tomorrow at 14:00" is one instant.
const TIME_ZONE = "Europe/Paris";
process.env.TZ = TIME_ZONE;

// Run through e2e/run.sh, which starts the whole stack and sets RR_BASE_URL. Browsers are
// never downloaded: Debian's chromium is driven directly.
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/artifacts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"], ["json", { outputFile: "test-results/results.json" }]],
  use: {
    baseURL: process.env.RR_BASE_URL ?? "http://127.0.0.1:8000",
    browserName: "chromium",
    locale: "en-US",
    timezoneId: TIME_ZONE,
    viewport: { width: 1280, height: 900 },
    // The app honours it (no fades): axe never sees a toast half-faded, and there is less to paint.
    reducedMotion: "reduce",
    screenshot: "only-on-failure",
    trace: { mode: "retain-on-failure", screenshots: false },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
    },
  },
});
