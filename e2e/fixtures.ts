import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { startBrowserHost, type BrowserHost } from '../main/host/browser-host.ts';
import { createTerminal, type Terminal } from '../main/terminal.ts';

export const rendererDir = fileURLToPath(new URL('../build/renderer', import.meta.url));

interface Fixtures {
  /** A fresh data folder, removed after the test. */
  dataDir: string;
  /** The terminal's real services on that folder. */
  terminal: Terminal;
  /** The browser host serving the built renderer for that terminal, on a free port. */
  host: BrowserHost;
  /** The page, opened on the host and past its "app ready" marker. */
  app: Page;
}

/** Every test gets its own data folder, terminal and host: nothing leaks between tests. */
export const test = base.extend<Fixtures>({
  dataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'counter-pos-e2e-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  terminal: async ({ dataDir }, use) => {
    // No sync engine talks to a server in these specs yet; the URL only has to be valid.
    const terminal = createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'e2e-till' });
    await use(terminal);
    terminal.close();
  },
  host: async ({ terminal }, use) => {
    const host = await startBrowserHost({ terminal, port: 0, host: '127.0.0.1', staticDir: rendererDir });
    await use(host);
    await host.close();
  },
  app: async ({ page, host }, use) => {
    await page.goto(host.url);
    await expect(page.getByTestId('app-ready')).toBeVisible();
    await use(page);
  },
});

export { expect };
