import { formatMoney } from '../common/money.ts';
import { expect, getOrder, newOrder, test } from './fixtures.ts';

/** Amounts typed at the payment panel that the terminal does not take: each says why, in the staff's language. */

test('an amount the terminal refuses says why: yen have no decimals; it is said again in the language switched to', async ({ app, terminal }) => {
  await terminal.dispatch('settings.update', { currency: 'JPY' });
  const orderId = await newOrder(app);
  await terminal.dispatch('orders.addLine', { orderClientId: orderId, sku: 'MATCHA', name: 'Matcha', qty: 1, unitPrice: 1500 });
  const payment = app.getByTestId('payment-panel');
  await expect(payment.getByTestId('balance')).toHaveText(formatMoney(1500, 'JPY', 'en-GB'));
  await payment.getByTestId('method-cash').click();

  for (const typed of ['1,5', '1.5']) {
    await payment.getByTestId('amount-input').fill(typed);
    await expect(payment.getByTestId('error')).toHaveText('Amounts in JPY have no decimals: type a whole number, such as 1250.');
    await expect(payment.getByTestId('pay-button')).toBeDisabled();
  }
  await app.locator('label.lang select').selectOption('es');
  await expect(payment.getByTestId('error')).toHaveText('Los importes en JPY no tienen decimales: escriba un número entero, como 1250.');
  await app.locator('label.lang select').selectOption('en');
  // "1,500" in English is fifteen hundred written with a thousands separator: said so, not called a fraction.
  await payment.getByTestId('amount-input').fill('1,500');
  await expect(payment.getByTestId('error')).toHaveText('Type the amount without a thousands separator, such as 1250.');
  expect((await getOrder(terminal, orderId)).transactions).toHaveLength(0);

  // What was taken before is taken still.
  await payment.getByTestId('amount-input').fill('1500');
  await expect(payment.getByTestId('error')).toHaveCount(0);
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  expect((await getOrder(terminal, orderId)).transactions.map((t) => t.amount)).toEqual([1500]);

  // A refund typed with a fraction says why it cannot be made, too.
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-amount').fill('2,5');
  await expect(payment.getByTestId('refund-amount-problem')).toHaveText('Amounts in JPY have no decimals: type a whole number, such as 1250.');
  await expect(payment.getByTestId('refund-confirm')).toBeDisabled();
  await payment.getByTestId('refund-amount').fill('500');
  await expect(payment.getByTestId('refund-amount-problem')).toHaveCount(0);
});

test('an amount with more decimals than the currency has says so, with an example in the currency', async ({ app }) => {
  await newOrder(app);
  await app.getByTestId('order-editor').locator('[data-testid="product"][data-sku="COF-250"]').click();
  const payment = app.getByTestId('payment-panel');
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('amount-input').fill('5.505');
  await expect(payment.getByTestId('error')).toHaveText('Amounts in EUR have at most 2 decimal places: type one such as 12.50.');
  await payment.getByTestId('amount-input').fill('cinco');
  await expect(payment.getByTestId('error')).toHaveText('Not an amount: type one such as 12.50.');
  await expect(payment.getByTestId('pay-button')).toBeDisabled();
});

test('a line discount the terminal refuses says why in the payment panel’s words; one above the line says its worth', async ({ app, terminal }) => {
  await terminal.dispatch('settings.update', { currency: 'JPY' });
  const orderId = await newOrder(app);
  await terminal.dispatch('orders.addLine', { orderClientId: orderId, sku: 'MATCHA', name: 'Matcha', qty: 1, unitPrice: 1500 });
  const line = app.getByTestId('order-editor').locator('[data-testid="line"][data-sku="MATCHA"]');
  await line.getByTestId('line-discount-edit').click();
  const input = line.getByTestId('line-discount-input');

  for (const typed of ['1,5', '1.5']) {
    await input.fill(typed);
    await input.press('Enter');
    await expect(line.getByTestId('error')).toHaveText('Amounts in JPY have no decimals: type a whole number, such as 1250.');
  }
  await input.fill('-100');
  await input.press('Enter');
  await expect(line.getByTestId('error')).toHaveText('Type the amount without a minus sign, such as 1250.');
  await input.fill('1600');
  await input.press('Enter');
  await expect(line.getByTestId('error')).toHaveText(`A discount can be at most ${formatMoney(1500, 'JPY', 'en-GB')}, what the line is worth; 0 takes it off.`);
  expect((await getOrder(terminal, orderId)).lines.map((l) => l.discount)).toEqual([0]);
  // The refusal shown is said again in the language switched to, the field still open with what was typed.
  await app.locator('label.lang select').selectOption('es');
  await expect(line.getByTestId('error')).toHaveText(`El descuento puede ser como máximo ${formatMoney(1500, 'JPY', 'es-ES')} (el valor de la línea); 0 quita el descuento.`);
  await expect(input).toHaveValue('1600');
  await app.locator('label.lang select').selectOption('en');

  // In Spanish, "1.500" is fifteen hundred written with a thousands separator: said so, as at the payment panel.
  await input.press('Escape');
  await app.locator('label.lang select').selectOption('es');
  await line.getByTestId('line-discount-edit').click();
  await input.fill('1.500');
  await input.press('Enter');
  await expect(line.getByTestId('error')).toHaveText('Escriba el importe sin separador de miles, como 1250.');

  // What the line is worth is taken.
  await input.fill('300');
  await input.press('Enter');
  await expect(line.getByTestId('error')).toHaveCount(0);
  await expect.poll(async () => (await getOrder(terminal, orderId)).lines.map((l) => l.discount)).toEqual([300]);
});
