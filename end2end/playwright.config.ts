import { defineConfig } from "@playwright/test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// A throwaway database and port per run, so the suite always starts from a fresh install.
const port = Number(process.env.PAGOS_E2E_PORT ?? 3100);
const dataDir = process.env.PAGOS_E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "pagos-e2e-"));
const root = path.resolve(__dirname, "..");

export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "es-PE",
    timezoneId: "America/Lima",
    launchOptions: {
      // Debian's Chromium: the test runner's own browser download cannot work here.
      executablePath: process.env.PAGOS_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: path.join(root, "target/release/pagos"),
    cwd: root,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PAGOS_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${dataDir}/pagos-e2e.db?mode=rwc`,
      LEPTOS_SITE_ROOT: path.join(root, "target/site"),
      LEPTOS_OUTPUT_NAME: "pagos",
      RUST_LOG: "info",
    },
  },
});
