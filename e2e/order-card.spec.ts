import { eur, expect, getOrder, newOrder, payCash, syncTest as test } from './fixtures.ts';
import { openSyncTab, serverIdOf, syncBadge, syncedHere } from './sync-helpers.ts';

/** What an order's card in the counter's list says of an order the server made final while money is held here. */

test('an order the back office deleted while money is held here is not called In progress on its card: it says Deleted on the server', async ({ app, terminal, server }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  await editor.locator('[data-testid="product"][data-sku="C1"]').click();
  await payCash(app.getByTestId('payment-panel'), '2');
  await expect(app.getByTestId('payment-panel').getByTestId('paid')).toHaveText(eur(200));
  const row = app.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
  await syncedHere(app, terminal, orderId);
  await expect(row.getByTestId('status-badge')).toHaveText('In progress');

  const response = await fetch(`${server.url}/__test/orders/${await serverIdOf(terminal, orderId)}/delete`, { method: 'POST' });
  expect(response.status).toBe(200);
  await terminal.sync.puller.pullOnce();
  await expect(syncBadge(app, orderId)).toHaveText('Blocked');
  expect(await getOrder(terminal, orderId)).toMatchObject({ status: 'InProgress', finalOnServer: 'Deleted' });

  // The card says what is true, beside the money to give back, as the sync panel's blocked orders say why.
  await expect(row.getByTestId('status-badge')).toHaveText('Deleted on the server');
  await expect(row.getByTestId('status-badge')).toHaveClass(/badge-status-Deleted/);
  await expect(row.locator('.order-row-money')).toContainText(`Refund due ${eur(200)}`);
  // So do the order's own header and its entry among the sync panel's blocked orders.
  await expect(editor.getByTestId('status-badge')).toHaveText('Deleted on the server');
  const panel = await openSyncTab(app);
  await expect(panel.getByTestId('blocked-order-reason')).toContainText(`deleted on the server while this terminal holds ${eur(200)} in payments`);
  await expect(panel.getByTestId('blocked-order').getByTestId('status-badge')).toHaveText('Deleted on the server');

  await app.locator('label.lang select').selectOption('ru');
  await app.getByTestId('tab-counter').click();
  await expect(row.getByTestId('status-badge')).toHaveText('Удалён на сервере');

  // Once the money is given back the order takes the server's deletion: off the active list, Deleted.
  await app.locator('label.lang select').selectOption('en');
  await row.click();
  const payment = app.getByTestId('payment-panel');
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-confirm').click();
  await expect(row).toHaveCount(0);
  await expect(editor.getByTestId('status-badge')).toHaveText('Deleted');
});
