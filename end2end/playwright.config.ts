import { defineConfig } from "@playwright/test";

// Browser tests for Tværs. scripts/e2e.sh starts the release server on a fresh demo database
// and runs these; nothing here starts a server. Debian's Chromium is used, never a downloaded one.

const baseURL = process.env.TVAERS_BASE_URL ?? "http://127.0.0.1:3100";

const launchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export default defineConfig({
  testDir: "tests",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: "list",
  use: {
    baseURL,
    locale: "da-DK",
    launchOptions,
  },
  projects: [
    {
      // The shared tablet of a kindergarten room: the main device.
      name: "tablet",
      testIgnore: /(pwa|leader|parent|parent-phone|sso|setup|spot-check)\.spec\.ts$/,
      use: {
        viewport: { width: 768, height: 1024 },
        hasTouch: true,
        isMobile: false,
        launchOptions,
      },
    },
    {
      // A parent's phone.
      name: "phone",
      testIgnore: /(pwa|assessment|leader|onboarding|setup|care|transitions|spot-check)\.spec\.ts$/,
      use: {
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 3,
        launchOptions,
      },
    },
    {
      // The leader's and the administrator's laptop. Accessibility runs on the touch devices;
      // the install and service-worker checks run here only.
      name: "laptop",
      testIgnore: /(a11y|assessment|parent|parent-phone|offline-signout|onboarding|sso|care|transitions)\.spec\.ts$/,
      use: {
        viewport: { width: 1366, height: 768 },
        launchOptions,
      },
    },
  ],
});
