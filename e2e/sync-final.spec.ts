import { eur, expect, getOrder, newOrder, payCash, syncTest as test } from './fixtures.ts';
import { formatMoney } from '../common/money.ts';
import { openSyncTab, serverIdOf, serverStats, syncBadge, syncedHere, syncedThenOnServer } from './sync-helpers.ts';

/**
 * Orders the server made final (deleted, or completed elsewhere) while this terminal held money
 * or edits for them: the screens say why, take refunds only, and let the staff settle them.
 */

test('an order deleted on the server while a payment is held here is Blocked, and the editor says why, in money', async ({ app, terminal, server }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  await editor.locator('[data-testid="product"][data-sku="C1"]').click();
  const payment = app.getByTestId('payment-panel');
  await payCash(payment, '2');
  await expect(payment.getByTestId('paid')).toHaveText(eur(200));
  await syncedHere(app, terminal, orderId);
  const response = await fetch(`${server.url}/__test/orders/${await serverIdOf(terminal, orderId)}/delete`, { method: 'POST' });
  expect(response.status).toBe(200);

  // The next change reaches a deleted order: the money stays on record here, and the staff see why.
  await editor.locator('[data-testid="product"][data-sku="C2"]').click();
  await expect(syncBadge(app, orderId)).toHaveText('Blocked');
  await expect(editor.getByTestId('blocked-reason')).toContainText(`deleted on the server while this terminal holds ${eur(200)} in payments`);
  // In the staff's language, the amount in its format.
  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-language').selectOption('es');
  await app.getByTestId('tab-counter').click();
  await expect(editor.getByTestId('blocked-reason')).toContainText(
    `El pedido se eliminó en el servidor mientras este terminal tiene ${formatMoney(200, 'EUR', 'es')} en pagos; el dinero queda registrado aquí`,
  );
  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-language').selectOption('en');
  await app.getByTestId('tab-counter').click();
  expect((await getOrder(terminal, orderId)).transactions.map((t) => t.amount)).toEqual([200]);
  // What is held is to be given back: the panel shows it due, and takes no more money.
  await expect(payment.getByTestId('balance')).toHaveText(eur(200));
  await expect(payment).toContainText('Refund due');
  await expect(payment.getByTestId('pay-button')).toHaveCount(0);
  // The list beside it says the same, in the same words.
  const row = app.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
  await expect(row.getByTestId('row-balance')).toHaveText(eur(200));
  await expect(row).toContainText('Refund due');
  // From any screen, the Sync tab counts it among what needs the staff.
  await expect(app.getByTestId('tab-sync').getByTestId('sync-glance-attention')).toHaveText('1');

  // The staff give the money back: the server's deletion stands, and the order leaves the counter.
  await payment.getByTestId('refund-start').click();
  await expect(payment.getByTestId('refund-amount')).toHaveValue('2.00');
  await payment.getByTestId('refund-confirm').click();
  await expect(app.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`)).toHaveCount(0);
  const settled = await getOrder(terminal, orderId);
  expect(settled).toMatchObject({ status: 'Deleted', syncStatus: 'Removed', blockedReason: null });
  expect(settled.transactions.map((t) => t.amount)).toEqual([200, -200]);
  await expect(app.getByTestId('tab-sync').getByTestId('sync-glance-attention')).toHaveCount(0);
});

test('an order the server deleted, learnt by a pull while money is held here, is listed and counted on the Sync tab', async ({ app, terminal, server }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  await editor.locator('[data-testid="product"][data-sku="C1"]').click();
  const payment = app.getByTestId('payment-panel');
  await payCash(payment, '2');
  await expect(payment.getByTestId('paid')).toHaveText(eur(200));
  await syncedHere(app, terminal, orderId);
  const response = await fetch(`${server.url}/__test/orders/${await serverIdOf(terminal, orderId)}/delete`, { method: 'POST' });
  expect(response.status).toBe(200);
  // Nothing is sent for it: the pull tells the terminal, and nothing waits in the outbox.
  await terminal.sync.puller.pullOnce();
  await expect(syncBadge(app, orderId)).toHaveText('Blocked');
  expect((await getOrder(terminal, orderId)).finalOnServer).toBe('Deleted');
  await expect(app.getByTestId('tab-sync').getByTestId('sync-glance-attention')).toHaveText('1');

  const panel = await openSyncTab(app);
  await expect(panel.getByTestId('outbox-op')).toHaveCount(0);
  await expect(panel.getByTestId('blocked-orders-count')).toContainText('1');
  const listed = panel.getByTestId('blocked-order');
  await expect(listed).toHaveCount(1);
  await expect(listed).toHaveAttribute('data-order-id', orderId);
  await expect(listed.getByTestId('blocked-order-reason')).toContainText(`deleted on the server while this terminal holds ${eur(200)} in payments`);

  // Settled at the order: the refund takes it off the Sync tab.
  await listed.getByTestId('blocked-order-open').click();
  await expect(app.locator('[data-testid="order-row"][aria-current="true"]')).toHaveAttribute('data-order-id', orderId);
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-confirm').click();
  await expect(app.getByTestId('tab-sync').getByTestId('sync-glance-attention')).toHaveCount(0);
  await app.getByTestId('tab-sync').click();
  await expect(panel.getByTestId('blocked-order')).toHaveCount(0);
});

test('an order completed elsewhere while edited here is Blocked and edits nothing more; the staff take the server’s order', async ({ app, terminal, server }) => {
  const { orderId, editor } = await syncedThenOnServer(app, terminal, server, 'close');

  await editor.locator('[data-testid="product"][data-sku="C2"]').click();
  await expect(syncBadge(app, orderId)).toHaveText('Blocked');
  await expect(editor.getByTestId('blocked-reason')).toContainText("completed elsewhere; the edits made here were not sent (Take the server's order to drop them)");
  // A dead order is not edited further: no products, no delete, no payment.
  await expect(editor.locator('[data-testid="product"]')).toHaveCount(0);
  await expect(editor.getByTestId('delete-order')).toHaveCount(0);
  await expect(app.getByTestId('payment-panel').getByTestId('pay-button')).toHaveCount(0);

  await editor.getByTestId('take-server-order').click();
  await expect(app.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`)).toHaveCount(0);
  const settled = await getOrder(terminal, orderId);
  expect(settled).toMatchObject({ status: 'Done', syncStatus: 'Synced', blockedReason: null, finalOnServer: null });
  expect(settled.lines.map((l) => l.sku)).toEqual(['C1']);
});

test('a sale made here for an order deleted on the server meanwhile can be refunded from the sold order, which voids the sale', async ({ app, terminal, server }) => {
  const { orderId, editor } = await syncedThenOnServer(app, terminal, server, 'delete');

  // Sold at the counter before the terminal learns of the deletion: the server will not take the sale.
  const payment = app.getByTestId('payment-panel');
  await payCash(payment, '5.90');
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();
  await expect(editor.getByTestId('sync-badge')).toHaveText('Blocked');
  await expect(editor.getByTestId('blocked-reason')).toContainText(`deleted on the server while this terminal holds ${eur(590)} in payments`);

  // The sync panel lists the sale held back under the order's number, which opens the order again.
  const panel = await openSyncTab(app);
  const held = panel.locator(`[data-testid="outbox-op"][data-state="blocked"][data-order-id="${orderId}"]`);
  await expect(held).toHaveCount(1);
  await expect(held.getByTestId('op-order')).toHaveText(`#${await serverIdOf(terminal, orderId)}`);
  // The server would refuse the sale again: it is settled at the order, not retried.
  await expect(held.getByTestId('op-retry')).toHaveCount(0);
  await expect(held.getByTestId('op-settle')).toHaveText('Settle it at the order');
  await held.getByTestId('op-order').click();
  await expect(app.getByTestId('app-ready')).toHaveAttribute('data-screen', 'counter');
  await expect(editor.getByTestId('blocked-reason')).toBeVisible();

  // The customer gets the money back: the sale is void, the server's deletion stands.
  await payment.getByTestId('refund-start').click();
  await expect(payment.getByTestId('refund-amount')).toHaveValue('5.90');
  await payment.getByTestId('refund-confirm').click();
  await expect(editor.getByTestId('sale-voided')).toHaveText(/The order was deleted on the server; the payments taken here were refunded\.$/);
  await expect(editor.getByTestId('sale-done')).toHaveCount(0);
  await expect(editor.getByTestId('status-badge')).toHaveText('Deleted');
  await expect(payment.getByTestId('refund-start')).toHaveCount(0);
  await expect(payment.getByTestId('balance')).toHaveCount(0); // a deleted order owes nothing, and nothing is held
  const settled = await getOrder(terminal, orderId);
  expect(settled).toMatchObject({ status: 'Deleted', syncStatus: 'Removed', saleRefused: false });
  expect(settled.transactions.map((t) => t.amount)).toEqual([590, -590]);
  expect((await serverStats(server)).sales.count).toBe(0);

  await app.getByTestId('view-finished').click();
  await expect(app.locator(`[data-testid="finished-row"][data-order-id="${orderId}"]`).getByTestId('row-receipt')).toHaveText(`Receipt ${settled.sale!.receiptNo} (void)`);
});
