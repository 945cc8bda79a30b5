import { startBrowserHost } from '../main/host/browser-host.ts';
import type { HostedTerminal } from '../main/host/ipc-socket.ts';
import { eur, expect, newOrder, payCash, rendererDir, test } from './fixtures.ts';

test('a sale is found again among the finished orders by part of its receipt number, and its receipt printed again', async ({ app }) => {
  const soldId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await payCash(payment, '12.50', '20');
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();
  const receiptNo = /Receipt (\S+)\./.exec((await editor.getByTestId('sale-done').textContent()) ?? '')?.[1];
  expect(receiptNo).toBeTruthy();
  await expect(app.getByTestId('order-row')).toHaveCount(0); // sold: off the active list

  // Another order, deleted before it was paid: finished too, with no sale.
  const deletedId = await newOrder(app);
  await editor.getByTestId('delete-order').click();
  await editor.getByTestId('delete-confirm').click();
  await expect(editor.getByTestId('status-badge')).toHaveText('Deleted');
  await expect(app.getByTestId('order-row')).toHaveCount(0);
  await newOrder(app); // and one still open, which stays on the active list only

  await app.getByTestId('view-finished').click();
  // Today's takings at this till: one sale of €12.50, paid in cash (€20.00 handed over, €7.50 change).
  const takings = app.getByTestId('takings');
  await expect(takings.getByTestId('takings-sales')).toHaveText(eur(1250));
  await expect(takings).toContainText('1 sale');
  await expect(takings.getByTestId('takings-cash')).toContainText(eur(1250));
  await expect(takings.getByTestId('takings-net')).toHaveText(eur(1250));
  const rows = app.getByTestId('finished-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-order-id', deletedId);
  await expect(rows.nth(0).getByTestId('row-receipt')).toHaveText('No sale on this terminal');
  await expect(rows.nth(1)).toHaveAttribute('data-order-id', soldId);
  await expect(rows.nth(1).getByTestId('row-receipt')).toHaveText(`Receipt ${receiptNo}`);
  // The number is kept whole on a narrow row.
  await expect(rows.nth(1).getByTestId('row-receipt').locator('.receipt-no')).toHaveText(receiptNo!);
  await expect(rows.nth(1).getByTestId('row-receipt').locator('.receipt-no')).toHaveCSS('white-space', 'nowrap');
  await expect(rows.nth(1).getByTestId('row-total')).toHaveText(eur(1250));

  await app.getByTestId('finished-search').fill(receiptNo!.slice(-4));
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  await expect(editor.getByTestId('sale-done')).toContainText(receiptNo!);
  await expect(editor.getByTestId('print-receipt')).toBeVisible();
  await expect(editor.getByTestId('product')).toHaveCount(0);
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  // What printing shows: the receipt of that sale.
  await app.emulateMedia({ media: 'print' });
  await expect(app.getByTestId('receipt')).toBeVisible();
  await expect(app.getByTestId('receipt')).toContainText(`Receipt ${receiptNo}`);
  await expect(app.getByTestId('receipt')).toContainText(eur(1250));
  await app.emulateMedia({ media: 'screen' });

  await app.getByTestId('finished-search').fill('no such customer');
  await expect(app.getByTestId('no-finished')).toHaveText('No finished order matches “no such customer”.');
  await app.getByTestId('view-active').click();
  await expect(app.getByTestId('order-row')).toHaveCount(1);
  // A new order started from the finished list shows beside the active ones.
  await app.getByTestId('view-finished').click();
  await app.getByTestId('new-order').click();
  await expect(app.getByTestId('order-row')).toHaveCount(2);
  await expect(app.getByTestId('view-active')).toHaveAttribute('aria-pressed', 'true');
});

/**
 * The same terminal behind a host whose reads of the finished orders fail while `failing.on` is
 * set (as a damaged database would make them): the host answers `internal`, as it does for any
 * command that throws.
 */
const withFailingList = test.extend<{ failing: { on: boolean } }>({
  failing: async ({}, use) => use({ on: false }),
  host: async ({ terminal, failing }, use) => {
    const hosted: HostedTerminal = {
      dispatch: (name, input) => (failing.on && name === 'orders.listFinished' ? Promise.reject(new Error('disk I/O error')) : terminal.dispatch(name, input)),
      onScreen: (event, listener) => terminal.onScreen(event, listener),
    };
    const host = await startBrowserHost({ terminal: hosted, port: 0, host: '127.0.0.1', staticDir: rendererDir });
    await use(host);
    await host.close();
  },
});

withFailingList('a refusal shown above the finished orders is said again in the language the staff switch to', async ({ app, failing }) => {
  await newOrder(app);
  await app.getByTestId('order-editor').getByTestId('delete-order').click();
  await app.getByTestId('order-editor').getByTestId('delete-confirm').click();
  await app.getByTestId('view-finished').click();
  await expect(app.getByTestId('finished-row')).toHaveCount(1);

  failing.on = true;
  await app.getByTestId('finished-search').fill('4');
  const error = app.getByTestId('error');
  await expect(error).toHaveText('The terminal failed to do this (an internal error): try again; if it happens again, note the time and tell support.');
  await app.locator('label.lang select').selectOption('ru');
  await expect(error).toHaveText('Терминалу не удалось это сделать (внутренняя ошибка): попробуйте снова; если повторится, запишите время и сообщите в поддержку.');
  await app.locator('label.lang select').selectOption('es');
  await expect(error).toHaveText('El terminal no pudo hacerlo (error interno): inténtelo de nuevo; si vuelve a ocurrir, anote la hora y avise a soporte.');

  // Once the list can be read again, the next search shows it and the refusal goes.
  failing.on = false;
  await app.getByTestId('finished-search').fill('');
  await expect(app.getByTestId('finished-row')).toHaveCount(1);
  await expect(error).toHaveCount(0);
});
