import type { OrderView, OutboxOperationView } from '../common/entities.ts';
import { createTerminal } from '../main/terminal.ts';
import { deliveryOrder, localTime } from './deliveries-helpers.ts';
import { call, eur, expect, getOrder, newOrder, syncTest, test } from './fixtures.ts';
import { serverIdOf } from './sync-helpers.ts';

test('deliveries: find a shipment, add a notice by hand, watch the order become In delivery, then remove it', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Lucía Navarro', ['SEUR4471', 'SEUR4472']);
  await deliveryOrder(terminal, 'Pedro Ruiz', ['GLS0001', 'GLS0002']);

  await app.getByTestId('tab-deliveries').click();
  // Type-ahead: half a surname already finds her order, with both of its shipments, and none of his.
  await app.getByTestId('shipment-search').fill('Nava');
  const hits = app.getByTestId('order-hit');
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toHaveAttribute('data-order-id', order.clientId);
  await expect(hits.first().getByTestId('hit-shipment')).toHaveText(['SEUR SEUR4471', 'SEUR SEUR4472']);
  await expect(hits.first().getByTestId('state-badge')).toHaveText('No state yet');
  await app.getByTestId('shipment-search').fill('nobody here');
  await expect(app.getByTestId('no-hits')).toBeVisible();
  await app.getByTestId('shipment-search').fill('SEUR4472');
  await expect(hits).toHaveCount(1);
  await hits.first().click();

  const timeline = app.getByTestId('timeline');
  await expect(timeline.getByTestId('shipment')).toHaveCount(2);
  await expect(timeline.getByTestId('history-empty')).toBeVisible();

  // One of two shipments dispatched is the built-in rule's 50 %: the order is In delivery.
  const form = timeline.getByTestId('add-notice');
  await form.getByTestId('notice-shipment').selectOption({ label: 'SEUR · SEUR4471' });
  await form.getByTestId('notice-code').fill('dispatched');
  await form.getByTestId('notice-add').click();
  const notice = timeline.locator('[data-testid="notice"][data-code="dispatched"]');
  await expect(notice).toHaveAttribute('data-source', 'manual');
  // The built-in rules' codes read in the staff's language; the code stays as the tooltip.
  await expect(notice.getByTestId('step-code')).toHaveText('Dispatched');
  await expect(notice.getByTestId('step-code')).toHaveAttribute('title', 'dispatched');
  await expect(timeline.getByTestId('history-entry')).toHaveCount(1);
  await expect(timeline.getByTestId('history-entry')).toHaveAttribute('data-state', 'InDelivery');
  await expect(timeline.getByTestId('state-badge').first()).toHaveText('In delivery');
  await expect(timeline.getByTestId('status-badge')).toHaveText('In delivery');
  await expect(timeline.getByTestId('timeline-pending')).toHaveCount(0);
  // The notification appears, and the hit shows the new state.
  const notification = app.locator(`[data-testid="notification"][data-order-id="${order.clientId}"]`);
  await expect(notification).toHaveCount(1);
  await expect(notification).toContainText('is In delivery');
  await expect(hits.first().getByTestId('state-badge')).toHaveText('In delivery');
  // The shipment listed (SEUR4472) has no notice; the one dispatched shows it as its last step.
  await expect(hits.first().getByTestId('step-code')).toHaveCount(0);
  await app.getByTestId('shipment-search').fill('SEUR4471');
  await expect(hits.first().getByTestId('step-code')).toHaveText('Dispatched');

  // What the terminal holds: the notice, the derived state, and the operations telling the server.
  const stored = await call<OrderView>(terminal, 'orders.get', { orderClientId: order.clientId });
  expect(stored.status).toBe('InDelivery');
  let ops = await call<OutboxOperationView[]>(terminal, 'outbox.list', { orderClientId: order.clientId });
  expect(ops.map((op) => op.kind)).toEqual(expect.arrayContaining(['stepState', 'stateHistory']));

  // Removing it re-derives from scratch: no state reached any more, and no second notification.
  await notice.getByTestId('notice-remove').click();
  await expect(timeline.getByTestId('notice')).toHaveCount(0);
  await expect(timeline.getByTestId('history-empty')).toBeVisible();
  await expect(timeline.getByTestId('state-badge').first()).toHaveText('No state yet');
  await expect(notification).toHaveCount(1);
  ops = await call<OutboxOperationView[]>(terminal, 'outbox.list', { orderClientId: order.clientId });
  expect(ops.filter((op) => op.kind === 'stepStateRemove')).toHaveLength(1);
  const timelineNow = await call<{ history: unknown[]; orderState: string | null }>(terminal, 'states.timeline', { orderClientId: order.clientId });
  expect(timelineNow).toMatchObject({ history: [], orderState: null });
});

test('a deleted order’s timeline says it is in no state now, and its history ends with the deletion, not “now”', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Marta Gil', ['SEUR7781', 'SEUR7782']);
  await call(terminal, 'states.addStepState', { shipmentId: order.delivery!.shipments[0]!.shipmentId, code: 'dispatched' });
  await expect.poll(async () => (await call<OrderView>(terminal, 'orders.get', { orderClientId: order.clientId })).status).toBe('InDelivery');
  await call(terminal, 'orders.delete', { orderClientId: order.clientId });

  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('SEUR7781');
  await app.getByTestId('order-hit').first().click();
  const timeline = app.getByTestId('timeline');
  await expect(timeline.getByTestId('status-badge')).toHaveText('Deleted');
  await expect(timeline.getByTestId('timeline-deleted')).toHaveText('The order is deleted: it is in no state now. Its history below is what it went through.');
  await expect(timeline.getByTestId('history-entry')).toHaveCount(1);
  await expect(timeline.getByTestId('history-entry')).toContainText('until the order was deleted');
  await expect(timeline.getByTestId('history-entry')).not.toContainText('now');
});

test('a carrier code or tracking number of any length breaks in the timeline rather than widening the page', async ({ app, terminal }) => {
  const long = 'X'.repeat(100);
  await deliveryOrder(terminal, 'Ana Long', [long, 'SEUR5000']);
  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('SEUR5000');
  await app.getByTestId('order-hit').first().click();
  const timeline = app.getByTestId('timeline');
  const form = timeline.getByTestId('add-notice');
  await form.getByTestId('notice-shipment').selectOption({ index: 0 });
  await form.getByTestId('notice-code').fill(`C${long.slice(1)}`);
  await form.getByTestId('notice-add').click();
  await expect(timeline.getByTestId('notice')).toHaveCount(1);
  // The page does not scroll sideways.
  const [scroll, client] = (await app.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as [number, number];
  expect(scroll).toBeLessThanOrEqual(client);
});

test('deliveries: a notice the terminal refuses shows why and adds nothing', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Ana García', ['MRW9001', 'MRW9002']);
  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('MRW9001');
  await app.getByTestId('order-hit').first().click();
  const timeline = app.getByTestId('timeline');
  const form = timeline.getByTestId('add-notice');
  await form.getByTestId('notice-code').fill('delivered');
  // Two days ahead: a typo, not a carrier's clock.
  const ahead = new Date(Date.now() + 2 * 86_400_000);
  const local = new Date(ahead.getTime() - ahead.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
  await form.getByTestId('notice-at').fill(local);
  await form.getByTestId('notice-add').click();
  await expect(form.getByTestId('error')).toContainText('more than a day ahead');
  await expect(timeline.getByTestId('notice')).toHaveCount(0);
  const stored = await call<{ shipments: { stepStates: unknown[] }[] }>(terminal, 'states.timeline', { orderClientId: order.clientId });
  expect(stored.shipments.flatMap((s) => s.stepStates)).toHaveLength(0);
  const ops = await call<OutboxOperationView[]>(terminal, 'outbox.list', { orderClientId: order.clientId });
  expect(ops.some((op) => op.kind === 'stepState')).toBe(false);
});

test('a notice is added to the shipment found; a refused time stays to be corrected, and is refused again rather than recorded as now', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Ana García', ['MRW9001', 'MRW9002']);
  const second = order.delivery!.shipments.find((s) => s.trackingNo === 'MRW9002')!;
  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('MRW9002');
  await expect(app.getByTestId('order-hit')).toHaveCount(1);
  await app.getByTestId('order-hit').click();
  const timeline = app.getByTestId('timeline');
  const form = timeline.getByTestId('add-notice');
  await expect(form.getByTestId('notice-shipment')).toHaveValue(second.shipmentId);
  const stepStates = async () =>
    (await call<{ shipments: { shipmentId: string; stepStates: { code: string; at: string }[] }[] }>(terminal, 'states.timeline', { orderClientId: order.clientId })).shipments;

  await form.getByTestId('notice-code').fill('dispatched');
  const typed = localTime(new Date(Date.now() + 2 * 86_400_000));
  await form.getByTestId('notice-at').fill(typed);
  await form.getByTestId('notice-add').click();
  await expect(form.getByTestId('error')).toContainText('more than a day ahead');
  // The time typed stays for the staff to correct: clicking again is refused again, not recorded as now.
  await expect(form.getByTestId('notice-at')).toHaveValue(typed);
  await form.getByTestId('notice-add').click();
  await expect(form.getByTestId('notice-add')).toBeEnabled();
  await expect(form.getByTestId('error')).toContainText('more than a day ahead');
  await expect(form.getByTestId('notice-at')).toHaveValue(typed);
  expect((await stepStates()).flatMap((s) => s.stepStates)).toEqual([]);

  // Corrected to an hour ago: added at that time, on the shipment found, and the form is emptied.
  const earlier = new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000);
  await form.getByTestId('notice-at').fill(localTime(earlier));
  await form.getByTestId('notice-add').click();
  await expect(timeline.getByTestId('notice')).toHaveCount(1);
  await expect(form.getByTestId('error')).toHaveCount(0);
  await expect(form.getByTestId('notice-at')).toHaveValue('');
  const stored = await stepStates();
  expect(Object.fromEntries(stored.map((s) => [s.shipmentId, s.stepStates.map((n) => [n.code, Date.parse(n.at)])]))).toEqual(
    Object.fromEntries(order.delivery!.shipments.map((s) => [s.shipmentId, s.shipmentId === second.shipmentId ? [['dispatched', earlier.getTime()]] : []])),
  );
});

test('at 1024×768 the add-notice form shows its fields whole: two shipments of one carrier are told apart, and the time is read to the second', async ({ app, terminal }) => {
  await app.setViewportSize({ width: 1024, height: 768 });
  await deliveryOrder(terminal, 'Rosa Vidal', ['PQ4B6F0712345670128001X', 'PQ4B6F0712345670128002Y'], 'Correos');
  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('PQ4B6F0712345670128002Y');
  await app.getByTestId('order-hit').first().click();
  const form = app.getByTestId('timeline').getByTestId('add-notice');
  await expect(form.getByTestId('notice-shipment').locator('option:checked')).toHaveText('Correos · PQ4B6F0712345670128002Y');
  await form.getByTestId('notice-at').fill('2025-03-14T09:05:07');
  // Each field is at least as wide as its value needs (its width when left to size itself), and inside the form.
  const widths = (await app.evaluate(`[...document.querySelectorAll('[data-testid="add-notice"] select, [data-testid="add-notice"] input')].map((el) => {
    const shown = el.getBoundingClientRect();
    const form = el.closest('form').getBoundingClientRect();
    el.style.width = 'max-content';
    const needed = el.getBoundingClientRect().width;
    el.style.width = '';
    return { field: el.dataset.testid, shown: Math.round(shown.width), needed: Math.round(needed), inside: shown.left >= form.left && shown.right <= form.right + 0.5, scroll: el.scrollWidth, client: el.clientWidth };
  })`)) as { field: string; shown: number; needed: number; inside: boolean; scroll: number; client: number }[];
  expect(widths.map((w) => w.field)).toEqual(['notice-shipment', 'notice-code', 'notice-at']);
  for (const w of widths) {
    expect(w, w.field).toMatchObject({ inside: true });
    expect(w.shown, w.field).toBeGreaterThanOrEqual(w.needed);
    expect(w.scroll, w.field).toBeLessThanOrEqual(w.client);
  }
});

test('each rule says the share of shipments it needs, and the rules met are marked: one delay of four is enough, one delivery of four is not', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Luis Prieto', ['SEUR6601', 'SEUR6602', 'SEUR6603', 'SEUR6604']);
  const first = order.delivery!.shipments[0]!.shipmentId;
  await call(terminal, 'states.addStepState', { shipmentId: first, code: 'delayed' });
  await call(terminal, 'states.addStepState', { shipmentId: first, code: 'delivered' });
  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('SEUR6601');
  await app.getByTestId('order-hit').first().click();
  const progress = app.getByTestId('timeline').getByTestId('rule-progress');
  const delayed = progress.locator('li[data-rule="R2"]');
  const delivered = progress.locator('li[data-rule="R3"]');
  await expect(delayed).toContainText('1 of 4 shipments');
  await expect(delivered).toContainText('1 of 4 shipments');
  await expect(delayed.getByTestId('rule-needs')).toHaveText('25% needed');
  await expect(delivered.getByTestId('rule-needs')).toHaveText('100% needed');
  await expect(progress.locator('li[data-rule="R1"]').getByTestId('rule-needs')).toHaveText('50% needed');
  await expect(delayed.getByTestId('rule-met')).toHaveText('✓ Met');
  await expect(delivered.getByTestId('rule-met')).toHaveCount(0);
  await expect(progress.getByTestId('rule-met')).toHaveCount(1);
  // In the staff's language.
  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-language').selectOption('es');
  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('SEUR6601');
  await app.getByTestId('order-hit').first().click();
  await expect(delivered.getByTestId('rule-needs')).toHaveText('se necesita el 100\u00a0%');
  await expect(delayed.getByTestId('rule-met')).toHaveText('✓ Cumplida');
});

test('an order set up for delivery at the counter is found on the deliveries screen; a bad address is refused with the field named', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const form = app.getByTestId('order-editor').getByTestId('customer-delivery');
  await form.getByTestId('customer-name').fill('Marta Gil');
  await form.getByTestId('customer-phone').fill('600 123 456');
  await form.getByTestId('delivers').check();
  await form.getByTestId('delivery-address').fill('Rúa Nova 12, Lugo');
  const rows = form.getByTestId('shipment-row');
  await rows.nth(0).getByTestId('shipment-carrier').fill('Correos');
  await rows.nth(0).getByTestId('shipment-tracking').fill('PQ123');
  await form.getByTestId('add-shipment').click();
  await rows.nth(1).getByTestId('shipment-carrier').fill('Correos');
  await rows.nth(1).getByTestId('shipment-tracking').fill('PQ124');
  await form.getByTestId('save-delivery').click();
  await expect(form.getByTestId('delivery-saved')).toBeVisible();

  let stored = await call<OrderView>(terminal, 'orders.get', { orderClientId: orderId });
  expect(stored.customer).toEqual({ name: 'Marta Gil', phone: '600 123 456' });
  expect(stored.delivery?.address).toBe('Rúa Nova 12, Lugo');
  expect(stored.delivery?.shipments.map((s) => [s.carrier, s.trackingNo])).toEqual([
    ['Correos', 'PQ123'],
    ['Correos', 'PQ124'],
  ]);

  // An empty address is refused before anything is sent, in the staff's words, and nothing changes (the new name neither).
  await form.getByTestId('customer-name').fill('Marta Gil Ramos');
  await form.getByTestId('delivery-address').fill('  ');
  await form.getByTestId('save-delivery').click();
  await expect(form.getByTestId('error')).toHaveText('Enter the delivery address.');
  stored = await call<OrderView>(terminal, 'orders.get', { orderClientId: orderId });
  expect(stored.delivery?.address).toBe('Rúa Nova 12, Lugo');
  expect(stored.customer?.name).toBe('Marta Gil');

  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('PQ124');
  await expect(app.getByTestId('order-hit')).toHaveCount(1);
  await expect(app.getByTestId('order-hit')).toHaveAttribute('data-order-id', orderId);
  await expect(app.getByTestId('order-hit')).toContainText('Marta Gil 600 123 456 · Rúa Nova 12, Lugo');
});

test('a phone typed without a name is refused with the name asked for, not dropped behind a “Saved.”', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const form = app.getByTestId('order-editor').getByTestId('customer-delivery');
  await form.getByTestId('customer-phone').fill('600 123 456');
  await form.getByTestId('save-delivery').click();
  await expect(form.getByTestId('error')).toHaveText('Enter the customer’s name to keep the phone.');
  await expect(form.getByTestId('delivery-saved')).toHaveCount(0);
  await expect(form.getByTestId('customer-phone')).toHaveValue('600 123 456');
  expect((await call<OrderView>(terminal, 'orders.get', { orderClientId: orderId })).customer).toBeNull();

  await form.getByTestId('customer-name').fill('Marta Gil');
  await form.getByTestId('save-delivery').click();
  await expect(form.getByTestId('delivery-saved')).toBeVisible();
  await expect(form.getByTestId('error')).toHaveCount(0);
  expect((await call<OrderView>(terminal, 'orders.get', { orderClientId: orderId })).customer).toEqual({ name: 'Marta Gil', phone: '600 123 456' });
});

test('order-state changes show as notifications on any screen, a burst of them as three and a count', async ({ app, terminal }) => {
  const orders = [];
  for (let i = 0; i < 5; i++) orders.push(await deliveryOrder(terminal, `Cliente ${i}`, [`T${i}A`, `T${i}B`]));
  await expect(app.getByTestId('order-row')).toHaveCount(5);
  // Still on the counter screen: the first order's notice by hand makes it In delivery.
  const first = await call<{ shipments: { shipmentId: string }[] }>(terminal, 'states.timeline', { orderClientId: orders[0]!.clientId });
  await call(terminal, 'states.addStepState', { shipmentId: first.shipments[0]!.shipmentId, code: 'dispatched' });
  const toast = app.getByTestId('toast');
  await expect(toast).toHaveText(`Order #${orders[0]!.clientId.slice(-6).toUpperCase()} is In delivery`);

  for (const order of orders.slice(1)) {
    const timeline = await call<{ shipments: { shipmentId: string }[] }>(terminal, 'states.timeline', { orderClientId: order.clientId });
    await call(terminal, 'states.addStepState', { shipmentId: timeline.shipments[0]!.shipmentId, code: 'dispatched' });
  }
  await expect(toast).toHaveCount(3);
  await expect(app.getByTestId('toast-more')).toHaveText('…and 2 more notifications');
  // They go by themselves after a few seconds.
  await expect(app.getByTestId('toasts')).toHaveCount(0, { timeout: 15_000 });
});

/** The usual fixtures, with order-state jobs that die at their first failure (the default retries for minutes). */
const oneAttempt = test.extend({
  terminal: async ({ dataDir }, use) => {
    const terminal = createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'e2e-till' }, { stateRetry: { maxAttempts: 1 } });
    await use(terminal);
    terminal.close();
  },
});

oneAttempt('an order-state update that failed is listed with its error on the deliveries screen, whichever order it is, and Try again finishes it', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Elena Torres', ['DHL-77', 'DHL-78']);
  // Every history write fails, as a full disk would.
  terminal.ctx.sqlite.exec(`create trigger e2e_break before insert on order_state_history begin select raise(abort, 'disk I/O error (simulated)'); end`);
  const timeline = await call<{ shipments: { shipmentId: string }[] }>(terminal, 'states.timeline', { orderClientId: order.clientId });
  await call(terminal, 'states.addStepState', { shipmentId: timeline.shipments[0]!.shipmentId, code: 'dispatched' });

  await app.getByTestId('tab-deliveries').click();
  const dead = app.locator(`[data-testid="dead-job"][data-order-id="${order.clientId}"]`);
  await expect(dead).toContainText('disk I/O error (simulated)');
  await dead.getByRole('button', { name: `Order #${order.clientId.slice(-6).toUpperCase()}` }).click();
  await expect(app.getByTestId('timeline-dead')).toContainText('disk I/O error (simulated)');
  await expect(app.getByTestId('timeline').getByTestId('history-empty')).toBeVisible();

  terminal.ctx.sqlite.exec('drop trigger e2e_break');
  await dead.getByTestId('dead-retry').click();
  await expect(app.getByTestId('dead-jobs')).toHaveCount(0);
  await expect(app.getByTestId('timeline').getByTestId('history-entry')).toHaveAttribute('data-state', 'InDelivery');
  await expect(app.getByTestId('timeline-dead')).toHaveCount(0);
  const jobs = await call<unknown[]>(terminal, 'states.queue', { states: ['dead'] });
  expect(jobs).toEqual([]);
});

syncTest('an order Blocked here (deleted on the server while its money is held) says why on its deliveries timeline', async ({ app, terminal, server }) => {
  const order = await deliveryOrder(terminal, 'Rosa Vidal', ['SEUR3301', 'SEUR3302']);
  await call(terminal, 'payments.record', { orderClientId: order.clientId, method: 'cash', amount: 500 });
  const serverId = await serverIdOf(terminal, order.clientId);
  await expect.poll(async () => (await getOrder(terminal, order.clientId)).syncStatus).toBe('Synced');
  expect((await fetch(`${server.url}/__test/orders/${serverId}/delete`, { method: 'POST' })).status).toBe(200);
  await terminal.sync.puller.pullOnce();
  await expect.poll(async () => (await getOrder(terminal, order.clientId)).syncStatus).toBe('Blocked');

  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('SEUR3301');
  await app.getByTestId('order-hit').first().click();
  const timeline = app.getByTestId('timeline');
  await expect(timeline.getByTestId('blocked-reason')).toContainText(`Not sent to the server: The order was deleted on the server while this terminal holds ${eur(500)} in payments`);
  // Its badge says what the counter's says, not the status it had before the server deleted it.
  await expect(timeline.getByTestId('status-badge')).toHaveText('Deleted on the server');
  // An order that is not Blocked says nothing of the kind.
  await deliveryOrder(terminal, 'Pedro Ruiz', ['SEUR3401', 'SEUR3402']);
  await app.getByTestId('shipment-search').fill('SEUR3401');
  await app.getByTestId('order-hit').first().click();
  await expect(timeline.getByTestId('shipment')).toContainText(['SEUR3401', 'SEUR3402']);
  await expect(timeline.getByTestId('blocked-reason')).toHaveCount(0);
  await expect(timeline.getByTestId('status-badge')).not.toHaveText('Deleted on the server');
});
