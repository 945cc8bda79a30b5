import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { OrderView } from '../common/entities.ts';
import { formatMoney } from '../common/money.ts';
import { startBrowserHost, type BrowserHost } from '../main/host/browser-host.ts';
import { createTerminal, type Terminal } from '../main/terminal.ts';
import { createServer, type CounterPosServer } from '../server/app.ts';

export const rendererDir = fileURLToPath(new URL('../build/renderer', import.meta.url));

interface Fixtures {
  /** A fresh data folder, removed after the test. */
  dataDir: string;
  /** The terminal's real services on that folder. */
  terminal: Terminal;
  /** The browser host serving the built renderer for that terminal, on a free port; open its `appUrl` (it carries the token). */
  host: BrowserHost;
  /** The page, opened on the host's tokenised address and past its "app ready" marker. */
  app: Page;
}

const allowedErrors = new WeakMap<Page, RegExp[]>();

/** An error the spec provokes on purpose, which the page may log without failing it. */
export function allowPageError(page: Page, pattern: RegExp): void {
  allowedErrors.set(page, [...(allowedErrors.get(page) ?? []), pattern]);
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
    const expectNoPageErrors = watchPageErrors(page);
    // The address with this start's token, as `npm start` prints it: the page needs it for the IPC socket.
    await page.goto(host.appUrl);
    await expect(page.getByTestId('app-ready')).toBeVisible();
    await use(page);
    expectNoPageErrors();
  },
});

/**
 * Whatever a spec does, the page itself logs no error: no failed load, no refused script or
 * style (CSP), no React warning; a spec that provokes one says so (allowPageError). Call before
 * the page loads; the returned check fails the test with what was logged. The `app` fixture does
 * this; a spec that opens its page itself (a fake clock first) calls it.
 */
export function watchPageErrors(page: Page): () => void {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return () => {
    const allowed = allowedErrors.get(page) ?? [];
    expect(errors.filter((e) => !allowed.some((pattern) => pattern.test(e))), 'errors logged by the page').toEqual([]);
  };
}

interface SyncFixtures {
  /** The reference backend in test mode (no faults until a test configures them), on a free port. */
  server: CounterPosServer;
}

/**
 * The same fixtures, plus a reference server, and a terminal (device `till-1`) whose sync engine
 * runs from the start with short backoffs. The terminal is ready once its first pull is in, so a
 * fault a test configures afterwards never hits that pull.
 */
export const syncTest = test.extend<SyncFixtures>({
  server: async ({}, use) => {
    const server = await createServer({ testMode: true, port: 0 });
    await use(server);
    await server.close();
  },
  terminal: async ({ dataDir, server }, use) => {
    const terminal = createTerminal(
      { dataDir, serverUrl: server.url, deviceId: 'till-1', deviceToken: server.tokens['till-1'] },
      { sync: { autoStart: true, backoff: { baseMs: 20, capMs: 200 }, pullIntervalMs: 60_000 } },
    );
    try {
      await expect
        .poll(async () => {
          const status = await terminal.dispatch('sync.status', {});
          return status.ok ? (status.value as { lastPullAt: string | null }).lastPullAt : null;
        }, { message: 'the terminal pulls from the server once at start' })
        .not.toBeNull();
      await use(terminal);
    } finally {
      // Answers still in flight are recorded before the database closes; then the server stops.
      await terminal.shutdown();
    }
  },
});

/**
 * Starts an order from the counter screen and returns its client id: the row that becomes the
 * current one, and was not listed before (an order just sold may leave the list meanwhile, so the
 * number of rows says nothing).
 */
export async function newOrder(app: Page): Promise<string> {
  const rows = app.getByTestId('order-row');
  // Read at once in the page (rows may leave the list while they are read one by one).
  const listed = new Set(await rows.evaluateAll((all) => all.map((row) => (row as unknown as { getAttribute(name: string): string | null }).getAttribute('data-order-id'))));
  await app.getByTestId('new-order').click();
  const current = app.locator('[data-testid="order-row"][aria-current="true"]');
  await expect(current).toHaveCount(1);
  await expect.poll(async () => listed.has(await current.getAttribute('data-order-id'))).toBe(false);
  await expect(app.getByTestId('order-editor')).toBeVisible();
  const id = await current.getAttribute('data-order-id');
  expect(id).toBeTruthy();
  return id!;
}

/** Takes a cash payment on the payment panel: the amount as typed, and what the customer handed over if more. */
export async function payCash(payment: Locator, amount: string, tendered?: string): Promise<void> {
  await payment.getByTestId('method-cash').click();
  await payment.getByTestId('amount-input').fill(amount);
  if (tendered !== undefined) await payment.getByTestId('tendered-input').fill(tendered);
  await payment.getByTestId('pay-button').click();
}

/** A command sent to the terminal's services directly (the test's own hands), throwing on a refusal. */
export async function call<T>(terminal: Terminal, ...args: Parameters<Terminal['dispatch']>): Promise<T> {
  const result = await terminal.dispatch(...args);
  if (!result.ok) throw new Error(`${args[0]}: ${result.error.message}`);
  return result.value as T;
}

export const getOrder = (terminal: Terminal, orderClientId: string) => call<OrderView>(terminal, 'orders.get', { orderClientId });

/** Euros as the English screens show them. */
export const eur = (minor: number) => formatMoney(minor, 'EUR', 'en');

export { expect };
