import type { OrderView, OutboxOperationView } from '../common/entities.ts';
import { createTerminal, type Terminal } from '../main/terminal.ts';
import { call, expect, newOrder, test } from './fixtures.ts';

/** An order for delivery to a customer, with two SEUR shipments: what the staff would set up at the counter. */
async function deliveryOrder(terminal: Terminal, name: string, tracking: [string, string]): Promise<OrderView> {
  const created = await call<OrderView>(terminal, 'orders.create', { lines: [{ sku: 'COF-250', name: 'Coffee', qty: 1, unitPrice: 1250 }] });
  await call(terminal, 'orders.setCustomer', { orderClientId: created.clientId, customer: { name } });
  return call<OrderView>(terminal, 'orders.setDelivery', {
    orderClientId: created.clientId,
    delivery: { address: 'Calle Mayor 5, Madrid', shipments: tracking.map((trackingNo) => ({ carrier: 'SEUR', trackingNo })) },
  });
}

test('deliveries: find a shipment, add a notice by hand, watch the order become In delivery, then remove it', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Lucía Navarro', ['SEUR4471', 'SEUR4472']);
  await deliveryOrder(terminal, 'Pedro Ruiz', ['GLS0001', 'GLS0002']);

  await app.getByTestId('tab-deliveries').click();
  // Type-ahead: half a surname already finds both of her shipments and none of his.
  await app.getByTestId('shipment-search').fill('Nava');
  const hits = app.getByTestId('shipment-hit');
  await expect(hits).toHaveCount(2);
  await expect(hits.first()).toHaveAttribute('data-order-id', order.clientId);
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
  await app.getByTestId('shipment-hit').first().click();
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
  await app.getByTestId('shipment-hit').first().click();
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
  await app.getByTestId('shipment-hit').first().click();
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

test('a notice is added to the shipment found, and a refused time does not stay to refuse the next notice', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Ana García', ['MRW9001', 'MRW9002']);
  const second = order.delivery!.shipments.find((s) => s.trackingNo === 'MRW9002')!;
  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('MRW9002');
  await expect(app.getByTestId('shipment-hit')).toHaveCount(1);
  await app.getByTestId('shipment-hit').click();
  const timeline = app.getByTestId('timeline');
  const form = timeline.getByTestId('add-notice');
  await expect(form.getByTestId('notice-shipment')).toHaveValue(second.shipmentId);

  await form.getByTestId('notice-code').fill('dispatched');
  const ahead = new Date(Date.now() + 2 * 86_400_000);
  await form.getByTestId('notice-at').fill(new Date(ahead.getTime() - ahead.getTimezoneOffset() * 60_000).toISOString().slice(0, 19));
  await form.getByTestId('notice-add').click();
  await expect(form.getByTestId('error')).toContainText('more than a day ahead');
  await expect(form.getByTestId('notice-at')).toHaveValue('');

  // Added again as it stands: now, on the shipment found.
  await form.getByTestId('notice-add').click();
  await expect(timeline.getByTestId('notice')).toHaveCount(1);
  await expect(form.getByTestId('error')).toHaveCount(0);
  const stored = await call<{ shipments: { shipmentId: string; stepStates: { code: string }[] }[] }>(terminal, 'states.timeline', { orderClientId: order.clientId });
  expect(Object.fromEntries(stored.shipments.map((s) => [s.shipmentId, s.stepStates.map((n) => n.code)]))).toEqual(
    Object.fromEntries(order.delivery!.shipments.map((s) => [s.shipmentId, s.shipmentId === second.shipmentId ? ['dispatched'] : []])),
  );
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
  await expect(app.getByTestId('shipment-hit')).toHaveCount(1);
  await expect(app.getByTestId('shipment-hit')).toHaveAttribute('data-order-id', orderId);
  await expect(app.getByTestId('shipment-hit')).toContainText('Marta Gil 600 123 456 · Rúa Nova 12, Lugo');
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
