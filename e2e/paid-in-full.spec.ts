import { eur, expect, getOrder, newOrder, payCash, test } from './fixtures.ts';

/** What the payment panel says of a sold order's balance: paid in full, not a remaining balance of nothing. */

test('a sold order’s payment panel says Paid in full, in each language, where it said a remaining balance before the sale', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await payCash(payment, '12.50');
  // Paid but not yet sold: what remains is still said as an amount, beside Complete sale.
  await expect(payment.getByTestId('balance')).toHaveText(eur(0));
  await expect(payment.getByTestId('paid-in-full')).toHaveCount(0);

  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();
  expect(await getOrder(terminal, orderId)).toMatchObject({ status: 'Done', paid: 1250, balance: 0 });
  const line = payment.locator('.remaining');
  await expect(line).toHaveCount(1);
  await expect(line.locator('dt')).toHaveText('Balance');
  await expect(payment.getByTestId('paid-in-full')).toHaveText('Paid in full');
  await expect(payment.getByTestId('balance')).toHaveCount(0);
  await expect(payment).not.toContainText('Remaining balance');
  await expect(payment.getByTestId('paid')).toHaveText(eur(1250));

  await app.locator('label.lang select').selectOption('ru');
  await expect(payment.getByTestId('paid-in-full')).toHaveText('Оплачено полностью');
  await app.locator('label.lang select').selectOption('es');
  await expect(payment.getByTestId('paid-in-full')).toHaveText('Pagado en su totalidad');
});
