import type { Page } from '@playwright/test';
import type { OrderView, OutboxOperationView } from '../common/entities.ts';
import type { Terminal } from '../main/terminal.ts';
import type { CounterPosServer } from '../server/app.ts';
import { call, eur, expect, getOrder, newOrder, payCash, syncTest as test } from './fixtures.ts';
import { backOfficeEdit, chip, faults, openSyncTab, serverIdOf, serverOrders, serverStats, syncBadge } from './sync-helpers.ts';

/**
 * The terminal against the reference server: what the counter does reaches the server, and the
 * sync panel shows the outbox as it drains, waits and fails, with Retry / Discard.
 */

/**
 * A permanent refusal the real server gives: the terminal puts on one of its orders a shipment
 * that the back office has meanwhile put on another (a label scanned onto the wrong order). The
 * server answers 422 shipment_conflict and the operation parks as Failed.
 */
/** An order synced, then given a shipment the server says belongs to another order: its update parks as Failed. */
async function orderWithRefusedDelivery(app: Page, terminal: Terminal, server: CounterPosServer) {
  const { otherServerId, shipmentId } = await shipmentOwnedElsewhere(app, terminal, server);
  const orderId = await newOrder(app);
  await expect(syncBadge(app, orderId)).toHaveText('Synced');
  await call(terminal, 'orders.setDelivery', { orderClientId: orderId, delivery: deliveryWith(shipmentId) });
  await expect(syncBadge(app, orderId)).toHaveText('Failed');
  return { otherServerId, shipmentId, orderId };
}

async function shipmentOwnedElsewhere(app: Page, terminal: Terminal, server: CounterPosServer) {
  const other = await newOrder(app);
  await expect(syncBadge(app, other)).toHaveText('Synced');
  const otherServerId = await serverIdOf(terminal, other);
  const shipmentId = crypto.randomUUID();
  await backOfficeEdit(server, otherServerId, {
    delivery: { address: 'Rúa Nova 5, Lugo', shipments: [{ shipmentId, carrier: 'Correos', trackingNo: 'PQ123' }] },
  });
  return { otherServerId, shipmentId };
}

const deliveryWith = (shipmentId: string) => ({
  address: 'Calle Mayor 1, Madrid',
  shipments: [{ shipmentId, carrier: 'Correos', trackingNo: 'PQ123' }],
});

test('a sale made at the counter reaches the server exactly once, and the sync panel has nothing pending', async ({ app, terminal, server }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  // Products from the server's catalog, pulled at start: one from the grid, one typed.
  await editor.locator('[data-testid="product"][data-sku="C2"]').click();
  await editor.getByTestId('sku-input').fill('C1');
  await editor.getByTestId('sku-input').press('Enter');
  await expect(editor.getByTestId('order-total')).toHaveText(eur(1340));

  await payCash(payment, '10', '20.00');
  await expect(payment.getByTestId('balance')).toHaveText(eur(340));
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('fill-balance').click();
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(0));
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();

  // The device's record of the sale, then the server's once the outbox has sent it.
  const local = await getOrder(terminal, orderId);
  expect(local.sale).not.toBeNull();
  await expect
    .poll(async () => (await serverOrders(server)).find((o) => o.clientId === orderId)?.status, { message: 'the server closes the sold order' })
    .toBe('Done');
  await expect.poll(async () => (await getOrder(terminal, orderId)).syncStatus).toBe('Charged');

  const orders = await serverOrders(server);
  expect(orders).toHaveLength(1);
  const [stored] = orders;
  expect(stored!.total).toBe(1340);
  expect(stored!.lines.map((l) => [l.sku, l.qty]).sort()).toEqual([
    ['C1', 1],
    ['C2', 1],
  ]);
  expect(stored!.sale).toMatchObject({ clientId: local.sale!.clientId, receiptNo: local.sale!.receiptNo, total: 1340 });
  expect(stored!.sale!.transactions.map((t) => [t.txId, t.method, t.amount, t.tendered, t.change])).toEqual(
    local.transactions.map((t) => [t.txId, t.method, t.amount, t.tendered, t.change]),
  );
  expect(stored!.sale!.transactions.map((t) => [t.method, t.amount, t.tendered, t.change])).toEqual([
    ['cash', 1000, 2000, 1000],
    ['card', 340, null, null],
  ]);
  const stats = await serverStats(server);
  expect(stats.orders.count).toBe(1);
  expect(stats.sales).toMatchObject({ count: 1, maxPerOrder: 1 });

  const panel = await openSyncTab(app);
  await expect(panel.getByTestId('sync-online')).toHaveText('Online');
  await expect(chip(panel, 'pending')).toHaveText('0');
  await expect(chip(panel, 'failed')).toHaveText('0');
  await expect(chip(panel, 'blocked')).toHaveText('0');
  await expect(panel.getByTestId('outbox-empty')).toBeVisible();
  await expect(panel.getByTestId('outbox-op')).toHaveCount(0);
  await expect(panel.getByTestId('drain-progress')).toHaveCount(0);
  await expect(panel.getByTestId('sync-last-error')).toHaveCount(0);
});

test('while the server answers 503 with Retry-After the order waits to retry and the panel shows why; it heals without a click', async ({ app, terminal, server }) => {
  faults(server).configure({ retryAfterRate: 1, retryAfterSeconds: 1 });
  const orderId = await newOrder(app);
  const badge = syncBadge(app, orderId);
  await expect(badge).toHaveText('Waiting to retry');
  await expect(badge).toHaveClass(/badge-sync-Delayed/);

  const panel = await openSyncTab(app);
  await expect(panel.getByTestId('sync-last-error')).toContainText('server answered 503');
  // A 503 is an answer: the server is reachable, it asked to wait.
  await expect(panel.getByTestId('sync-online')).toHaveText('Online');
  const row = panel.locator(`[data-testid="outbox-op"][data-order-id="${orderId}"]`);
  await expect(row).toHaveAttribute('data-state', 'pending');
  await expect(row.locator('[data-kind]')).toHaveText('Create order');
  await expect(row.getByTestId('op-error')).toContainText('server answered 503');
  // Waiting to retry is not for the staff to fix: no Retry / Discard.
  await expect(row.getByTestId('op-retry')).toHaveCount(0);
  await expect(row.getByTestId('op-discard')).toHaveCount(0);
  await expect(panel.getByTestId('drain-text')).toHaveText('0 of 1 sent');
  await expect(row.getByTestId('op-error')).toHaveText('The server answered 503 (busy or down); it is tried again by itself.');
  // The same in the staff's language.
  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-language').selectOption('ru');
  await app.getByTestId('tab-sync').click();
  await expect(row.getByTestId('op-error')).toHaveText('Сервер ответил 503 (занят или недоступен); попытка повторится сама.');
  await expect(panel.getByTestId('sync-last-error')).toHaveText('Последняя ошибка: Создание заказа: Сервер ответил 503 (занят или недоступен); попытка повторится сама.');
  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-language').selectOption('en');
  await app.getByTestId('tab-sync').click();

  faults(server).configure({});
  await expect(panel.getByTestId('outbox-empty')).toBeVisible();
  await expect(panel.getByTestId('sync-last-error')).toHaveCount(0);
  await expect(panel.getByTestId('drain-progress')).toHaveCount(0);
  expect((await serverOrders(server)).map((o) => o.clientId)).toEqual([orderId]);

  await app.getByTestId('tab-counter').click();
  await expect(badge).toHaveText('Synced');
  expect((await getOrder(terminal, orderId)).syncStatus).toBe('Synced');
});

test('a Failed operation shows Retry and Discard; Discard takes it off the open list and the order leaves Failed', async ({ app, terminal, server }) => {
  const { otherServerId, orderId } = await orderWithRefusedDelivery(app, terminal, server);

  const panel = await openSyncTab(app);
  const failed = panel.locator('[data-testid="outbox-op"][data-state="failed"]');
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute('data-order-id', orderId);
  await expect(failed.locator('[data-kind]')).toHaveText('Update order');
  await expect(failed.getByTestId('op-error')).toContainText('shipment_conflict');
  await expect(failed.getByTestId('op-error')).toContainText(`belongs to order ${otherServerId}`);
  await expect(panel.getByTestId('sync-last-error')).toContainText('shipment_conflict');
  await expect(chip(panel, 'failed')).toHaveText('1');
  await expect(failed.getByTestId('op-retry')).toBeVisible();
  await expect(failed.getByTestId('op-discard')).toBeVisible();

  await failed.getByTestId('op-discard').click();
  await expect(failed).toHaveCount(0);
  await expect(panel.getByTestId('outbox-op')).toHaveCount(0);
  await expect(panel.getByTestId('outbox-empty')).toBeVisible();
  await expect(chip(panel, 'failed')).toHaveText('0');
  await expect(chip(panel, 'cancelled')).toHaveText('1');
  await expect(panel.getByTestId('sync-last-error')).toHaveCount(0);

  await app.getByTestId('tab-counter').click();
  await expect(syncBadge(app, orderId)).toHaveText('Synced');
  const ops = await call<OutboxOperationView[]>(terminal, 'outbox.list', { orderClientId: orderId });
  expect(ops.map((o) => [o.kind, o.state])).toEqual([
    ['create', 'done'],
    ['update', 'cancelled'],
  ]);
  // The discarded change never reached the server.
  expect((await serverOrders(server)).find((o) => o.clientId === orderId)?.delivery).toBeNull();
});

test('a refusal by the server is told on screen at once, and kept in the notifications list in the staff language', async ({ app, terminal, server }) => {
  const { orderId } = await orderWithRefusedDelivery(app, terminal, server);
  const number = String(await serverIdOf(terminal, orderId));
  await expect(app.getByTestId('toast').filter({ hasText: `Order #${number}: the server refused a change` })).toContainText('shipment_conflict');

  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-language').selectOption('es');
  await app.getByTestId('tab-deliveries').click();
  const told = app.locator(`[data-testid="notification"][data-kind="sync_failed"][data-order-id="${orderId}"]`);
  await expect(told).toHaveCount(1);
  await expect(told.getByRole('button')).toHaveText(`Pedido n.º ${number}: el servidor rechazó un cambio`);
  await expect(told).toContainText('Actualizar pedido: el servidor lo rechazó (shipment_conflict): ');
});

test('Retry sends a Failed operation again; once the cause is fixed on the server it goes through', async ({ app, terminal, server }, testInfo) => {
  const { otherServerId, shipmentId, orderId } = await orderWithRefusedDelivery(app, terminal, server);

  const panel = await openSyncTab(app);
  const failed = panel.locator('[data-testid="outbox-op"][data-state="failed"]');
  await expect(failed.locator('td').nth(4)).toHaveText('1'); // attempts

  // Retried while the shipment still belongs to the other order: sent again, refused again.
  await failed.getByTestId('op-retry').click();
  await expect(failed.locator('td').nth(4)).toHaveText('2');
  await expect(failed.getByTestId('op-error')).toContainText('shipment_conflict');
  await panel.screenshot({ path: testInfo.outputPath('sync-panel-failed.png') });

  // The back office takes the shipment off the other order; the retry now goes through.
  await backOfficeEdit(server, otherServerId, { delivery: null });
  await failed.getByTestId('op-retry').click();
  await expect(failed).toHaveCount(0);
  await expect(panel.getByTestId('outbox-empty')).toBeVisible();
  await app.getByTestId('tab-counter').click();
  await expect(syncBadge(app, orderId)).toHaveText('Synced');
  const stored = (await serverOrders(server)).find((o) => o.clientId === orderId);
  expect(stored?.delivery?.shipments.map((s) => s.shipmentId)).toEqual([shipmentId]);
});

test('Discard of a Failed create is refused by the terminal and the reason is shown in its row', async ({ app, terminal, server }) => {
  const { shipmentId } = await shipmentOwnedElsewhere(app, terminal, server);
  // With sync paused, the delivery folds into the order's unsent create: the create itself is refused.
  await terminal.sync.stop();
  const order = await call<OrderView>(terminal, 'orders.create', { lines: [{ sku: 'MUG-01', name: 'Mug', qty: 1, unitPrice: 900 }] });
  await call(terminal, 'orders.setDelivery', { orderClientId: order.clientId, delivery: deliveryWith(shipmentId) });
  terminal.sync.start();
  await expect(syncBadge(app, order.clientId)).toHaveText('Failed');

  const panel = await openSyncTab(app);
  const failed = panel.locator(`[data-testid="outbox-op"][data-state="failed"][data-order-id="${order.clientId}"]`);
  await expect(failed.locator('[data-kind]')).toHaveText('Create order');
  await failed.getByTestId('op-discard').click();
  await expect(failed.getByTestId('op-action-error')).toContainText('cannot be discarded');
  // Said again in the language the staff switch to, on the panel as it is.
  await app.locator('label.lang select').selectOption('es');
  await expect(failed.getByTestId('op-action-error')).toHaveText(
    'Una venta o la creación de un pedido guardan lo que pasó en el mostrador y no pueden descartarse: envíelas de nuevo.',
  );
  await app.locator('label.lang select').selectOption('ru');
  await expect(failed.getByTestId('op-action-error')).toHaveText('Продажа или создание заказа хранят то, что произошло на кассе, и их нельзя отменить: отправьте их снова.');
  await app.locator('label.lang select').selectOption('en');
  await expect(failed).toHaveCount(1);
  await expect(chip(panel, 'cancelled')).toHaveText('0');
  expect((await getOrder(terminal, order.clientId)).syncStatus).toBe('Failed');
});

test('a backlog drains with a progress bar: n of m sent, then nothing pending, each sale sent once', async ({ app, terminal, server }, testInfo) => {
  const orders = 8;
  faults(server).configure({ retryAfterRate: 1, retryAfterSeconds: 1 });
  for (let i = 0; i < orders; i++) {
    const order = await call<OrderView>(terminal, 'orders.create', { lines: [{ sku: 'COF-250', name: 'Coffee 250 g', qty: 1 + i, unitPrice: 1250 }] });
    await call(terminal, 'payments.record', { orderClientId: order.clientId, method: 'cash', amount: order.total });
    await call(terminal, 'sales.complete', { orderClientId: order.clientId });
  }
  const backlog = (await call<Record<string, number>>(terminal, 'outbox.summary', {})).pending;
  expect(backlog).toBeGreaterThanOrEqual(orders * 3); // create, sale, close per order

  const panel = await openSyncTab(app);
  const progress = panel.getByTestId('drain-progress');
  await expect(progress.getByRole('progressbar')).toHaveAttribute('max', String(backlog));
  await expect(progress.getByTestId('drain-text')).toHaveText(`0 of ${backlog} sent`);
  await expect(chip(panel, 'pending')).toHaveText(String(backlog));

  // The server answers again, slowly: each order's operations go one after another.
  faults(server).configure({ latencyMs: [1500, 1500] });
  await expect(progress.getByTestId('drain-text')).toHaveText(new RegExp(`^[1-9]\\d* of ${backlog} sent$`), { timeout: 10_000 });
  await app.screenshot({ path: testInfo.outputPath('sync-panel-draining.png'), fullPage: true });

  await expect(panel.getByTestId('outbox-empty')).toBeVisible({ timeout: 15_000 });
  await expect(progress).toHaveCount(0);
  await expect(chip(panel, 'done')).toHaveText(String(backlog));
  const stored = await serverOrders(server);
  expect(stored).toHaveLength(orders);
  expect(stored.every((o) => o.status === 'Done' && o.sale !== null)).toBe(true);
  expect((await serverStats(server)).sales).toMatchObject({ count: orders, maxPerOrder: 1 });
});

test('a drain of hundreds of operations costs the screens a few refreshes a second, not one per event', async ({ app, terminal }) => {
  const orders = 150;
  const panel = await openSyncTab(app);
  // Build the backlog with sync paused, then let it all go at once.
  await terminal.sync.stop();
  for (let i = 0; i < orders; i++) {
    const order = await call<OrderView>(terminal, 'orders.create', { lines: [{ sku: 'TEA-100', name: 'Tea 100 g', qty: 1, unitPrice: 690 }] });
    await call(terminal, 'payments.record', { orderClientId: order.clientId, method: 'card', amount: order.total });
    await call(terminal, 'sales.complete', { orderClientId: order.clientId });
  }
  await expect(chip(panel, 'pending')).toHaveText(String(orders * 3));
  await expect(panel.getByTestId('sync-stopped')).toBeVisible();
  await expect(panel.getByTestId('drain-progress')).toHaveCount(0); // nothing drains while stopped
  await expect(panel.getByTestId('outbox-more')).toContainText(`${orders * 3 - 100} more`);

  const calls = new Map<string, number>();
  const dispatch = terminal.dispatch;
  terminal.dispatch = (name, input) => {
    calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
    return dispatch(name, input);
  };
  let events = 0;
  const offs = [terminal.on('order.changed', () => events++), terminal.on('outbox.changed', () => events++)];
  try {
    const started = Date.now();
    terminal.sync.start();
    await expect(panel.getByTestId('outbox-empty')).toBeVisible({ timeout: 20_000 });
    const elapsed = Date.now() - started;
    // Every order's sale and close were answered: at least one event per order.
    expect(events).toBeGreaterThanOrEqual(orders);
    // One refresh per 250 ms at most (plus the leading one and one in flight at each end).
    const bound = Math.ceil(elapsed / 250) + 2;
    expect(calls.get('sync.status') ?? 0, `sync.status over ${elapsed} ms`).toBeLessThanOrEqual(bound);
    expect(calls.get('orders.listActive') ?? 0, `orders.listActive over ${elapsed} ms`).toBeLessThanOrEqual(bound);
    expect(calls.get('outbox.summary') ?? 0).toBe(0);
  } finally {
    terminal.dispatch = dispatch;
    for (const off of offs) off();
  }
});

test('from any screen the Sync tab says Offline while the server is not reached, and how many operations need the staff', async ({ app, terminal, server }) => {
  const tab = app.getByTestId('tab-sync');
  await expect(tab.getByTestId('sync-glance-offline')).toHaveCount(0);
  await expect(tab.getByTestId('sync-glance-attention')).toHaveCount(0);

  // Every request dropped before the server reads it: three failures in a row and the terminal is offline.
  faults(server).configure({ dropBeforeRate: 1 });
  const first = await newOrder(app);
  await newOrder(app);
  await expect(tab.getByTestId('sync-glance-offline')).toHaveText('Offline');
  await expect(tab.getByTestId('sync-glance-offline')).toHaveAttribute('title', 'Server not reached: 2 operations wait to be sent');
  faults(server).configure({});
  await expect(tab.getByTestId('sync-glance-offline')).toHaveCount(0);
  await expect(syncBadge(app, first)).toHaveText('Synced');

  // A refused update waits for the staff: counted on the tab until it is settled (here, discarded).
  const { orderId } = await orderWithRefusedDelivery(app, terminal, server);
  await expect(tab.getByTestId('sync-glance-attention')).toHaveText('1');
  await expect(tab.getByTestId('sync-glance-attention')).toHaveAttribute('title', '1 operation or order needs the staff');
  const [failed] = await call<OutboxOperationView[]>(terminal, 'outbox.list', { orderClientId: orderId, states: ['failed'] });
  await call(terminal, 'outbox.discard', { seq: failed!.seq });
  await expect(tab.getByTestId('sync-glance-attention')).toHaveCount(0);
});

test('with nothing to send, the Sync tab says Offline once the pulls get no answer, and not after the next one does', async ({ app, terminal, server }) => {
  const tab = app.getByTestId('tab-sync');
  await expect(tab.getByTestId('sync-glance-offline')).toHaveCount(0);
  faults(server).configure({ dropBeforeRate: 1 });
  for (let i = 0; i < 3; i++) await terminal.sync.puller.pullOnce();
  await expect(tab.getByTestId('sync-glance-offline')).toHaveText('Offline');
  await expect(tab.getByTestId('sync-glance-offline')).toHaveAttribute('title', 'Server not reached; nothing waits to be sent');
  faults(server).configure({});
  await terminal.sync.puller.pullOnce();
  await expect(tab.getByTestId('sync-glance-offline')).toHaveCount(0);
});
