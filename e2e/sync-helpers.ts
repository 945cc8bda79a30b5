import type { Locator, Page } from '@playwright/test';
import type { Order, Sale } from '../common/backend-api.ts';
import type { Terminal } from '../main/terminal.ts';
import type { CounterPosServer } from '../server/app.ts';
import { expect, getOrder, newOrder } from './fixtures.ts';

/** What the sync specs share: the server as the back office sees it, and the screens' sync parts. */

export type ServerOrder = Order & { sale: Sale | null };

export async function serverOrders(server: CounterPosServer): Promise<ServerOrder[]> {
  const response = await fetch(`${server.url}/__test/orders`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { orders: ServerOrder[] }).orders;
}

export async function serverStats(server: CounterPosServer) {
  const response = await fetch(`${server.url}/__test/stats`);
  return (await response.json()) as { orders: { count: number }; sales: { count: number; maxPerOrder: number } };
}

/** The back office changes an order on the server (the test's own hands: no faults, no keys). */
export async function backOfficeEdit(server: CounterPosServer, serverId: number, body: unknown): Promise<void> {
  const response = await fetch(`${server.url}/__test/orders/${serverId}/edit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

export function faults(server: CounterPosServer) {
  if (!server.faults) throw new Error('the reference server runs without test mode');
  return server.faults;
}

export const syncBadge = (app: Page, orderClientId: string): Locator =>
  app.locator(`[data-testid="order-row"][data-order-id="${orderClientId}"] [data-testid="sync-badge"]`);

/** Waits until the server answered the order's create: its server id. */
export async function serverIdOf(terminal: Terminal, orderClientId: string): Promise<number> {
  await expect.poll(async () => (await getOrder(terminal, orderClientId)).serverId, { message: 'the server gives the order its id' }).toBeGreaterThan(0);
  return (await getOrder(terminal, orderClientId)).serverId;
}

/**
 * Waits until everything recorded for the order is on the server, and the row says so. Call it
 * once the screen shows the last change answered (a line listed, a payment counted): the badge
 * alone may still say Synced from before that change, whose operation is then still to be sent.
 */
export async function syncedHere(app: Page, terminal: Terminal, orderClientId: string): Promise<void> {
  await expect.poll(async () => (await getOrder(terminal, orderClientId)).syncStatus, { message: 'the order has nothing left to send' }).toBe('Synced');
  await expect(syncBadge(app, orderClientId)).toHaveText('Synced');
}

/** An order made at the counter with one product and synced; then the back office closes or deletes it on the server. */
export async function syncedThenOnServer(app: Page, terminal: Terminal, server: CounterPosServer, action: 'close' | 'delete') {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  await editor.locator('[data-testid="product"][data-sku="C1"]').click();
  await expect(editor.locator('[data-testid="line"][data-sku="C1"]')).toHaveCount(1);
  await syncedHere(app, terminal, orderId);
  const response = await fetch(`${server.url}/__test/orders/${await serverIdOf(terminal, orderId)}/${action}`, { method: 'POST' });
  expect(response.status).toBe(200);
  return { orderId, editor };
}

export async function openSyncTab(app: Page): Promise<Locator> {
  await app.getByTestId('tab-sync').click();
  const panel = app.getByTestId('sync-panel');
  await expect(panel.getByTestId('outbox-summary')).toBeVisible();
  return panel;
}

/** The count shown for one outbox state in the sync panel's summary. */
export const chip = (panel: Locator, state: string) => panel.locator(`[data-testid="outbox-summary"] [data-state="${state}"] b`);
