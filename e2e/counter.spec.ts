import type { OrderView } from '../common/entities.ts';
import { eur, expect, getOrder, newOrder, test } from './fixtures.ts';

test('a sale at the counter: two lines, part cash with change, rest by card, then complete', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');

  // One line from the product grid, one scanned (typed SKU + Enter).
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(editor.getByTestId('line')).toHaveCount(1);
  await editor.getByTestId('sku-input').fill('tea-100');
  await editor.getByTestId('sku-input').press('Enter');
  await expect(editor.getByTestId('line')).toHaveCount(2);
  await expect(editor.locator('[data-testid="line"][data-sku="TEA-100"] [data-testid="line-total"]')).toHaveText(eur(690));
  await expect(editor.getByTestId('order-total')).toHaveText(eur(1940));
  await expect(payment.getByTestId('balance')).toHaveText(eur(1940));

  // Part in cash: 10.00 of the 19.40, customer hands over 20.00.
  await payment.getByTestId('method-cash').click();
  await payment.getByTestId('amount-input').fill('10');
  await payment.getByTestId('tendered-input').fill('20.00');
  await expect(payment.getByTestId('change-preview')).toContainText(eur(1000));
  await expect(payment.getByTestId('complete-sale')).toBeDisabled();
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(940));
  await expect(payment.getByTestId('change-given')).toContainText(eur(1000));
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  await expect(payment.getByTestId('transaction-change')).toContainText(`tendered ${eur(2000)}, change ${eur(1000)}`);
  await expect(app.locator(`[data-order-id="${orderId}"] [data-testid="row-balance"]`)).toHaveText(eur(940));

  // The rest by card, with the amount filled from the balance.
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('fill-balance').click();
  await expect(payment.getByTestId('amount-input')).toHaveValue('9.40');
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(0));
  await expect(payment.getByTestId('transaction')).toHaveCount(2);

  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();
  await expect(app.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`)).toHaveCount(0);

  const stored = await getOrder(terminal, orderId);
  expect(stored.status).toBe('Done');
  expect(stored.sale?.receiptNo).toMatch(/\S+/);
  await expect(editor.getByTestId('sale-done')).toContainText(stored.sale!.receiptNo);
  expect(stored.total).toBe(1940);
  expect(stored.balance).toBe(0);
  expect(stored.transactions.map((t) => [t.method, t.amount, t.tendered, t.change])).toEqual([
    ['cash', 1000, 2000, 1000],
    ['card', 940, null, null],
  ]);
  const active = await terminal.dispatch('orders.listActive', {});
  expect(active.ok && (active.value as { clientId: string }[]).some((o) => o.clientId === orderId)).toBe(false);
});

test('a card payment above the balance is not offered: the reason shows as it is typed, and nothing changes', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const payment = app.getByTestId('payment-panel');
  await app.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));
  const before = await getOrder(terminal, orderId);

  await payment.getByTestId('method-card').click();
  await payment.getByTestId('amount-input').fill('20.00');
  await expect(payment.getByTestId('pay-button')).toBeDisabled();
  await expect(payment.getByRole('alert')).toHaveText(`${eur(2000)} is more than the ${eur(1250)} due; only cash may be handed over above it.`);
  // Enter in the field is not a way round it.
  await payment.getByTestId('amount-input').press('Enter');
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));
  await expect(payment.getByTestId('paid')).toHaveText(eur(0));
  await expect(payment.getByTestId('transaction')).toHaveCount(0);
  await expect(payment.getByTestId('amount-input')).toHaveValue('20.00');
  expect(await getOrder(terminal, orderId)).toEqual(before);
});

test('the sync panel shows the outbox the terminal holds', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  await app.locator('[data-testid="product"][data-sku="MUG-01"]').click();
  await expect(app.getByTestId('line')).toHaveCount(1);

  await app.getByTestId('tab-sync').click();
  const panel = app.getByTestId('sync-panel');
  const summary = await terminal.dispatch('outbox.summary', {});
  const listed = await terminal.dispatch('outbox.list', { orderClientId: orderId });
  if (!summary.ok || !listed.ok) throw new Error('the terminal refused to list its outbox');
  const pending = (summary.value as Record<string, number>).pending;
  expect(pending).toBeGreaterThan(0);
  await expect(panel.locator('[data-state="pending"]').first()).toContainText(String(pending));
  await expect(panel.getByTestId('outbox-op')).toHaveCount((listed.value as unknown[]).length);
  // Who this terminal is, for support.
  await expect(panel.getByTestId('terminal-device')).toHaveText('e2e-till');
  await expect(panel.getByTestId('terminal-info')).toContainText('http://127.0.0.1:9');
  await expect(panel.getByTestId('terminal-info')).toContainText('EUR');
  await expect(panel.locator('[data-kind="create"]')).toHaveText('Create order');
});

test('the active orders are searched by customer or order number as the staff type', async ({ app, terminal }) => {
  const created: string[] = [];
  for (const name of ['Lucía Navarro', 'Pedro Ruiz']) {
    const order = await terminal.dispatch('orders.create', { customer: { name } });
    if (!order.ok) throw new Error(order.error.message);
    created.push((order.value as OrderView).clientId);
  }
  const rows = app.getByTestId('order-row');
  await expect(rows).toHaveCount(2);
  await app.getByTestId('order-search').fill('navarro');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-order-id', created[0]!);
  // The number on screen is the end of the client id until the server numbers the order.
  await app.getByTestId('order-search').fill(created[1]!.slice(-6).toUpperCase());
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-order-id', created[1]!);
  await app.getByTestId('order-search').fill('nobody');
  await expect(app.getByTestId('no-orders-match')).toContainText('nobody');
  await app.getByTestId('order-search').fill('');
  await expect(rows).toHaveCount(2);
});

test('the staff mark an order In delivery or Delayed by hand, offered only for a delivery with lines and only the moves the status machine allows', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  // An empty walk-in order is not "in delivery", nor is one with lines and no delivery.
  await expect(editor.getByTestId('delete-order')).toBeVisible();
  await expect(editor.getByTestId('mark-InDelivery')).toHaveCount(0);
  await expect(editor.getByTestId('mark-Delayed')).toHaveCount(0);
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(editor.getByTestId('line')).toHaveCount(1);
  await expect(editor.getByTestId('mark-InDelivery')).toHaveCount(0);
  const form = editor.getByTestId('customer-delivery');
  await form.getByTestId('customer-name').fill('Marta Gil');
  await form.getByTestId('delivers').check();
  await form.getByTestId('delivery-address').fill('Rúa Nova 12, Lugo');
  await form.getByTestId('save-delivery').click();
  await expect(form.getByTestId('delivery-saved')).toBeVisible();
  await expect(editor.getByTestId('mark-InDelivery')).toBeVisible();
  await expect(editor.getByTestId('mark-Delayed')).toBeVisible();
  await editor.getByTestId('mark-InDelivery').click();
  await expect(editor.getByTestId('status-badge')).toHaveText('In delivery');
  await expect(editor.getByTestId('mark-InDelivery')).toHaveCount(0);
  await editor.getByTestId('mark-Delayed').click();
  await expect(editor.getByTestId('status-badge')).toHaveText('Delayed');
  await expect(app.locator(`[data-testid="order-row"][data-order-id="${orderId}"] [data-testid="status-badge"]`)).toHaveText('Delayed');
  const stored = await terminal.dispatch('orders.get', { orderClientId: orderId });
  expect(stored.ok && (stored.value as OrderView).status).toBe('Delayed');
  // Never sent yet (no server here): the moves fold into the order's waiting create.
  const ops = await terminal.dispatch('outbox.list', { orderClientId: orderId });
  expect(ops.ok && (ops.value as { kind: string; state: string }[]).map((op) => [op.kind, op.state])).toEqual([['create', 'pending']]);
});

test('the staff type a quantity at a line; a quantity that is not a whole number from 1 up is refused and the line keeps its own', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  const line = editor.locator('[data-testid="line"][data-sku="COF-250"]');
  await expect(line.getByTestId('line-qty')).toHaveText('1');

  // A case of 24, typed and applied with Enter.
  await line.getByTestId('line-qty').click();
  await line.getByTestId('line-qty-input').fill('24');
  await line.getByTestId('line-qty-input').press('Enter');
  await expect(line.getByTestId('line-qty')).toHaveText('24');
  await expect(line.getByTestId('line-total')).toHaveText(eur(24 * 1250));
  await expect(payment.getByTestId('balance')).toHaveText(eur(24 * 1250));
  expect((await getOrder(terminal, orderId)).lines.map((l) => l.qty)).toEqual([24]);

  // Nothing, zero or a fraction: refused on the spot, with the reason; nothing changes.
  for (const bad of ['0', '2.5', 'abc']) {
    if (!(await line.getByTestId('line-qty-input').isVisible())) await line.getByTestId('line-qty').click();
    await line.getByTestId('line-qty-input').fill(bad);
    await line.getByTestId('line-qty-input').press('Enter');
    await expect(line.getByTestId('error')).toHaveText('Type a whole number from 1 to 100,000.');
  }
  // Escape gives it up; the line shows its own quantity again.
  await line.getByTestId('line-qty-input').press('Escape');
  await expect(line.getByTestId('error')).toHaveCount(0);
  await expect(line.getByTestId('line-qty')).toHaveText('24');
  expect((await getOrder(terminal, orderId)).lines.map((l) => l.qty)).toEqual([24]);

  // Leaving the field applies what was typed, as Enter does.
  await line.getByTestId('line-qty').click();
  await line.getByTestId('line-qty-input').fill('3');
  await editor.getByTestId('sku-input').click();
  await expect(line.getByTestId('line-qty')).toHaveText('3');
  await expect.poll(async () => (await getOrder(terminal, orderId)).lines.map((l) => l.qty)).toEqual([3]);
});

test('the staff give a line a discount; one above the line is refused on the spot, and 0 takes it off', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  const line = editor.locator('[data-testid="line"][data-sku="COF-250"]');
  await expect(line.getByTestId('line-total')).toHaveText(eur(1250));

  await line.getByTestId('line-discount-edit').click();
  await line.getByTestId('line-discount-input').fill('2.50');
  await line.getByTestId('line-discount-input').press('Enter');
  await expect(line.getByTestId('line-discount')).toContainText(eur(-250));
  await expect(line.getByTestId('line-total')).toHaveText(eur(1000));
  await expect(payment.getByTestId('balance')).toHaveText(eur(1000));
  expect((await getOrder(terminal, orderId)).lines.map((l) => [l.discount, l.total])).toEqual([[250, 1000]]);

  // More than the line is worth, or not an amount: refused with the reason; the line keeps its discount.
  for (const [bad, reason] of [
    ['12.51', `A discount can be at most ${eur(1250)}, what the line is worth; 0 takes it off.`],
    ['abc', 'Not an amount: type one such as 12.50.'],
  ] as const) {
    if (!(await line.getByTestId('line-discount-input').isVisible())) await line.getByTestId('line-discount-edit').click();
    await line.getByTestId('line-discount-input').fill(bad);
    await line.getByTestId('line-discount-input').press('Enter');
    await expect(line.getByTestId('error')).toHaveText(reason);
  }
  await line.getByTestId('line-discount-input').press('Escape');
  await expect(line.getByTestId('error')).toHaveCount(0);
  expect((await getOrder(terminal, orderId)).lines.map((l) => l.discount)).toEqual([250]);

  // 0 takes it off.
  await line.getByTestId('line-discount-edit').click();
  await expect(line.getByTestId('line-discount-input')).toHaveValue('2.50');
  await line.getByTestId('line-discount-input').fill('0');
  await line.getByTestId('line-discount-input').press('Enter');
  await expect(line.getByTestId('line-discount')).toHaveCount(0);
  await expect(line.getByTestId('line-total')).toHaveText(eur(1250));
  expect((await getOrder(terminal, orderId)).lines.map((l) => l.discount)).toEqual([0]);
});

test('a multiplier typed before a scan adds that many; one that is not a quantity adds nothing', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const scan = editor.getByTestId('sku-input');
  await scan.fill('12*cof-250');
  await scan.press('Enter');
  const coffee = editor.locator('[data-testid="line"][data-sku="COF-250"]');
  await expect(coffee.getByTestId('line-qty')).toHaveText('12');
  // The same product again adds to its line; the grid narrows to what follows the multiplier.
  await scan.fill('3*COF');
  await expect(editor.getByTestId('product')).toHaveCount(1);
  await scan.press('Enter');
  await expect(coffee.getByTestId('line-qty')).toHaveText('15');

  await scan.fill('0*tea-100');
  await scan.press('Enter');
  await expect(editor.getByTestId('error')).toHaveText('Type a whole number from 1 to 100,000.');
  await expect(editor.getByTestId('line')).toHaveCount(1);
  expect((await getOrder(terminal, orderId)).lines.map((l) => [l.sku, l.qty])).toEqual([['COF-250', 15]]);
});

test('a scan right after a tap on the grid (or any button) goes into the barcode field and adds its product', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  await editor.getByTestId('sku-input').fill('zzz');
  await editor.getByTestId('sku-input').press('Enter');
  await expect(editor.getByTestId('error')).toHaveText('No product with barcode or SKU “zzz”.');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  // The tap worked, so the old complaint goes.
  await expect(editor.getByTestId('error')).toHaveCount(0);
  // A scanner types fast and ends with Enter, wherever the focus was left.
  await app.keyboard.type('tea-100\n');
  await expect(editor.locator('[data-testid="line"][data-sku="TEA-100"]').getByTestId('line-qty')).toHaveText('1');
  await expect.poll(async () => (await getOrder(terminal, orderId)).lines.map((l) => l.sku)).toEqual(['COF-250', 'TEA-100']);
});

test('a name several products share asks for a tap or more letters, and keeps what was typed', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const field = editor.getByTestId('sku-input');
  await field.fill('an');
  await field.press('Enter');
  await expect(editor.getByTestId('error')).toHaveText('2 products match “an”: tap one, or type more of its name.');
  await expect(field).toHaveValue('an');
  await expect(editor.getByTestId('product')).toHaveCount(2);
  await field.fill('and');
  await field.press('Enter');
  await expect(editor.locator('[data-testid="line"][data-sku="GRN-10"]')).toHaveCount(1);
  await expect(editor.getByTestId('error')).toHaveCount(0);
  expect((await getOrder(terminal, orderId)).lines.map((l) => l.sku)).toEqual(['GRN-10']);
});

test('today’s takings say how much of the net is held on orders not yet sold', async ({ app }) => {
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await newOrder(app);
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));
  await payment.getByTestId('method-cash').click();
  await payment.getByTestId('fill-balance').click();
  await payment.getByTestId('pay-button').click();
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();
  // A part-payment on an order the customer will finish later: in the drawer, but no sale yet.
  await newOrder(app);
  await editor.locator('[data-testid="product"][data-sku="TEA-100"]').click();
  await payment.getByTestId('method-cash').click();
  await payment.getByTestId('amount-input').fill('2');
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('paid')).toHaveText(eur(200));

  await app.getByTestId('view-finished').click();
  const takings = app.getByTestId('takings');
  await expect(takings.getByTestId('takings-sales')).toHaveText(eur(1250));
  await expect(takings.getByTestId('takings-net')).toHaveText(eur(1450));
  await expect(takings.getByTestId('takings-heldUnsold')).toHaveText(`Held on orders not yet sold${eur(200)}`);
  // Nothing else makes the difference: no other line is shown.
  await expect(takings.locator('.takings-gap')).toHaveCount(1);
});

test('a refusal shown in the order editor is said again in the language the staff switch to', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  // A line worth nearly the most an order may total: one more product is refused.
  await terminal.dispatch('orders.addLine', { orderClientId: orderId, sku: 'BIG-1', name: 'Big', qty: 1, unitPrice: 9_999_999_999_900 });
  await expect(editor.locator('[data-testid="line"][data-sku="BIG-1"]')).toHaveCount(1);
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(editor.getByTestId('error')).toHaveText('The order’s total is too large: split it into two orders.');
  await app.locator('label.lang select').selectOption('ru');
  await expect(editor.getByTestId('error')).toHaveText('Сумма заказа слишком велика: разделите его на два заказа.');
  await app.locator('label.lang select').selectOption('es');
  await expect(editor.getByTestId('error')).toHaveText('El total del pedido es demasiado grande: divídalo en dos pedidos.');
});
