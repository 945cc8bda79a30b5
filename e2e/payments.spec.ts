import type { Page } from '@playwright/test';
import { eur, expect, getOrder, newOrder, payCash, test } from './fixtures.ts';

/** A new order of coffee beans and green tea (€19.40), paid in full by `method` at the payment panel. */
async function coffeeAndTeaPaidBy(app: Page, method: 'cash' | 'card') {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await editor.locator('[data-testid="product"][data-sku="TEA-100"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(1940)); // both lines in: Pay the balance fills all of it
  await payment.getByTestId(`method-${method}`).click();
  await payment.getByTestId('fill-balance').click();
  await payment.getByTestId('pay-button').click();
  return { orderId, editor, payment };
}

test('a line removed after payment leaves a refund due; refunding it by the same method lets the sale complete', async ({ app, terminal }) => {
  const { orderId, editor, payment } = await coffeeAndTeaPaidBy(app, 'cash');
  await expect(payment.getByTestId('balance')).toHaveText(eur(0));

  // The customer changes their mind about the tea: 6.90 is now owed back.
  await editor.locator('[data-testid="line"][data-sku="TEA-100"]').getByRole('button', { name: 'Remove' }).click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(690));
  await expect(payment).toContainText('Refund due');
  await expect(payment.getByTestId('complete-sale')).toBeDisabled();
  // The order's card says it as the panel does, not as a negative balance.
  const row = app.locator('[data-testid="order-row"][aria-current="true"]');
  await expect(row.getByTestId('row-balance')).toHaveText(eur(690));
  await expect(row.locator('.order-row-money')).toContainText(`Refund due ${eur(690)}`);
  await expect(row.locator('.order-row-money')).not.toContainText('Balance');

  // Refund offers what is owed, not the whole payment; more than was paid is refused.
  await payment.getByTestId('refund-start').click();
  await expect(payment.getByTestId('refund-amount')).toHaveValue('6.90');
  await payment.getByTestId('refund-amount').fill('99');
  await payment.getByTestId('refund-confirm').click();
  await expect(payment.getByTestId('error')).toHaveText(`A refund of ${eur(9900)} is more than is left of this payment (${eur(1940)}).`);
  expect((await getOrder(terminal, orderId)).transactions).toHaveLength(1);
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-confirm').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(2);
  await expect(payment.getByTestId('balance')).toHaveText(eur(0));
  // While a refund can still be made, the payment shows how much of it could still be given back.
  const paidRow = payment.locator('[data-testid="transaction"][data-amount="1940"]');
  await expect(paidRow.getByTestId('transaction-refunded')).toHaveText(`${eur(1250)} can still be refunded`);
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();
  // Sold: nothing more is to be refunded, so the payment says what was given back, not what is "left".
  await expect(payment.getByTestId('refund-start')).toHaveCount(0);
  await expect(paidRow.getByTestId('transaction-refunded')).toHaveText(`${eur(690)} refunded`);
  // And so it reads when the sale is found again among the finished orders.
  await app.getByTestId('view-finished').click();
  await app.locator(`[data-testid="finished-row"][data-order-id="${orderId}"]`).click();
  await expect(paidRow.getByTestId('transaction-refunded')).toHaveText(`${eur(690)} refunded`);

  const stored = await getOrder(terminal, orderId);
  expect(stored).toMatchObject({ status: 'Done', total: 1250, balance: 0 });
  expect(stored.transactions.map((t) => [t.method, t.amount])).toEqual([
    ['cash', 1940],
    ['cash', -690],
  ]);
});

test('an order with a payment is deleted only once the payment is refunded; it leaves the counter, Deleted', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="TEA-100"]').click();
  await payCash(payment, '5');
  await expect(payment.getByTestId('transaction')).toHaveCount(1);

  // The terminal would refuse it for the money held: said beside the button, before any click.
  await expect(editor.getByTestId('delete-order')).toBeDisabled();
  await expect(editor.getByTestId('delete-hint')).toHaveText(`The order holds ${eur(500)} in payments: refund them before deleting it.`);
  expect((await getOrder(terminal, orderId)).status).toBe('InProgress');

  await payment.getByTestId('refund-start').click();
  await expect(payment.getByTestId('refund-amount')).toHaveValue('5.00');
  await payment.getByTestId('refund-confirm').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(2);
  // The hint was about the money held: with it given back, it goes.
  await expect(editor.getByTestId('delete-hint')).toHaveCount(0);
  // A payment given back in full offers no second refund.
  await expect(payment.locator('[data-testid="transaction"][data-amount="500"]').getByTestId('transaction-refunded')).toHaveText('refunded');
  await expect(payment.getByTestId('refund-start')).toHaveCount(0);
  // Escape takes the question back, as Cancel does.
  await editor.getByTestId('delete-order').click();
  await expect(editor.getByTestId('delete-confirm')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(editor.getByTestId('delete-confirm')).toHaveCount(0);
  expect((await getOrder(terminal, orderId)).status).toBe('InProgress');
  await editor.getByTestId('delete-order').click();
  await editor.getByTestId('delete-confirm').click();
  await expect(editor.getByTestId('status-badge')).toHaveText('Deleted');
  await expect(app.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`)).toHaveCount(0);
  const stored = await getOrder(terminal, orderId);
  expect(stored.status).toBe('Deleted');
  expect(stored.transactions.map((t) => t.amount)).toEqual([500, -500]);
});

test('the receipt of a completed sale is what prints, alone: receipt number, lines and their discounts, total, payments', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  // A line with a discount (as the back office may give one): shown on the line and the receipt.
  await terminal.dispatch('orders.addLine', { orderClientId: orderId, sku: 'MUG-01', name: 'Stoneware mug', qty: 1, unitPrice: 899, discount: 99 });
  const mug = editor.locator('[data-testid="line"][data-sku="MUG-01"]');
  await expect(mug.getByTestId('line-discount')).toHaveText(` · discount ${eur(-99)}`);
  await expect(mug.getByTestId('line-total')).toHaveText(eur(800));
  await payCash(payment, '20.50', '30');
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('print-receipt')).toBeVisible();
  const { receiptNo } = (await getOrder(terminal, orderId)).sale!;

  const receipt = app.getByTestId('receipt');
  await expect(receipt).toBeHidden();
  await app.emulateMedia({ media: 'print' });
  await expect(receipt).toBeVisible();
  await expect(receipt).toContainText(`Receipt ${receiptNo}`);
  await expect(receipt.getByTestId('receipt-terminal')).toHaveText('e2e-till');
  await expect(receipt).toContainText('1 × Coffee beans 250 g');
  await expect(receipt).toContainText('1 × Stoneware mug');
  await expect(receipt.getByTestId('receipt-discount')).toHaveText(`discount ${eur(-99)}`);
  await expect(receipt.getByTestId('receipt-total')).toHaveText(eur(2050));
  await expect(receipt).toContainText(`Cash (tendered ${eur(3000)}, change ${eur(950)})`);
  await expect(app.getByTestId('payment-panel')).toBeHidden();
  await app.emulateMedia({ media: 'screen' });
  await expect(receipt).toBeHidden();
});

test('the receipt marks a refund as a refund, and prints a card payment’s authorisation reference', async ({ app, terminal }) => {
  const { orderId, editor, payment } = await coffeeAndTeaPaidBy(app, 'card');
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  // The tea is put back: 6.90 goes back to the card.
  await editor.locator('[data-testid="line"][data-sku="TEA-100"]').getByRole('button', { name: 'Remove' }).click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(690)); // the refund offered is what is due once removed
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-confirm').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(2);
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('print-receipt')).toBeVisible();
  const [paid, refunded] = (await getOrder(terminal, orderId)).transactions;
  expect(paid!.reference).toBeTruthy();
  expect(refunded!.reference).toBeTruthy();

  const receipt = app.getByTestId('receipt');
  await app.emulateMedia({ media: 'print' });
  await expect(receipt).toContainText(`Refund · Card`);
  await expect(receipt).toContainText(paid!.reference!);
  const rows = receipt.getByTestId('receipt-payment');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator('td').first()).toContainText(/^Card/);
  await expect(rows.nth(0).locator('.amount')).toHaveText(eur(1940));
  await expect(rows.nth(0)).not.toContainText('Refund');
  await expect(rows.nth(0).getByTestId('receipt-reference')).toHaveText(`Ref. ${paid!.reference!}`);
  await expect(rows.nth(1).locator('td').first()).toContainText(/^Refund · Card/);
  await expect(rows.nth(1).locator('.amount')).toHaveText(eur(-690));
  await expect(rows.nth(1).getByTestId('receipt-reference')).toHaveText(`Ref. ${refunded!.reference!}`);
  await app.emulateMedia({ media: 'screen' });
});

test('a cash refund prints as a refund on the receipt, with no reference', async ({ app }) => {
  const { editor, payment } = await coffeeAndTeaPaidBy(app, 'cash');
  await editor.locator('[data-testid="line"][data-sku="TEA-100"]').getByRole('button', { name: 'Remove' }).click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(690)); // the refund offered is what is due once removed
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-confirm').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(2);
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('print-receipt')).toBeVisible();
  await app.emulateMedia({ media: 'print' });
  await expect(app.getByTestId('receipt')).toContainText(`Refund · Cash`);
  const rows = app.getByTestId('receipt').getByTestId('receipt-payment');
  await expect(rows.nth(1)).toContainText(`Refund · Cash${eur(-690)}`);
  await expect(app.getByTestId('receipt').getByTestId('receipt-reference')).toHaveCount(0);
  await app.emulateMedia({ media: 'screen' });
});

test('cash handed over exactly shows no “tendered, change 0” on screen or on the receipt', async ({ app }) => {
  await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="TEA-100"]').click();
  await payCash(payment, '6.90', '6.90');
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  await expect(payment.getByTestId('transaction')).toContainText(eur(690));
  await expect(payment.getByTestId('transaction-change')).toHaveCount(0);
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();
  const receipt = app.getByTestId('receipt');
  await app.emulateMedia({ media: 'print' });
  await expect(receipt.getByTestId('receipt-total')).toHaveText(eur(690));
  await expect(receipt).toContainText('Cash');
  await expect(receipt).not.toContainText('tendered');
  await app.emulateMedia({ media: 'screen' });
});

test('in Spanish the keypad writes a decimal comma, and amounts are filled and read with it', async ({ app, terminal }) => {
  await app.locator('header select').selectOption('es');
  await expect(app.getByTestId('tab-counter')).toHaveText('Mostrador');
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(payment.getByTestId('keypad-decimal')).toHaveText(',');

  // 5,50 typed on the keypad, paid by card; the rest filled from the balance, written as it is shown.
  await payment.getByTestId('method-card').click();
  for (const key of ['5', ',', '5']) await payment.getByTestId('keypad').getByRole('button', { name: key, exact: true }).click();
  await expect(payment.getByTestId('amount-input')).toHaveValue('5,5');
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  await payment.getByTestId('fill-balance').click();
  await expect(payment.getByTestId('amount-input')).toHaveValue('7,00');
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(2);
  expect((await getOrder(terminal, orderId)).transactions.map((t) => t.amount)).toEqual([550, 700]);

  // A refund is suggested the same way.
  await payment.getByTestId('refund-start').first().click();
  await expect(payment.getByTestId('refund-amount')).toHaveValue('5,50');
  // The terminal's refusal reads in Spanish too, its amounts as Spanish writes them.
  await payment.getByTestId('refund-amount').fill('9,99');
  await payment.getByTestId('refund-confirm').click();
  await expect(payment.getByTestId('error')).toHaveText('Una devolución de 9,99 € supera lo que queda de este pago (5,50 €).');
});

test('the change to hand back shows after a cash payment, and goes once that payment is refunded', async ({ app }) => {
  await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="TEA-100"]').click();
  await payCash(payment, '6.90', '10');
  await expect(payment.getByTestId('change-given')).toContainText(eur(310));
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-confirm').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(2);
  await expect(payment.getByTestId('change-given')).toHaveCount(0);
});

test('cash typed above the amount due is what the customer handed over: the balance is taken and the change shown', async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));

  // 20.00 typed as the amount, nothing as handed over: 12.50 taken, 7.50 back.
  await payment.getByTestId('method-cash').click();
  await payment.getByTestId('amount-input').fill('20');
  await expect(payment.getByTestId('change-preview')).toContainText(eur(750));
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('paid')).toHaveText(eur(1250));
  await expect(payment.getByTestId('balance')).toHaveText(eur(0));
  await expect(payment.getByTestId('change-given')).toContainText(eur(750));
  await expect(payment.getByTestId('transaction-change')).toContainText(`tendered ${eur(2000)}, change ${eur(750)}`);
  await expect(payment.getByTestId('error')).toHaveCount(0);
  expect((await getOrder(terminal, orderId)).transactions.map((t) => [t.method, t.amount, t.tendered, t.change])).toEqual([['cash', 1250, 2000, 750]]);
});

test('a refund reads as a refund in the payments so far, not by its minus sign alone', async ({ app }) => {
  await newOrder(app);
  const payment = app.getByTestId('payment-panel');
  await app.getByTestId('order-editor').locator('[data-testid="product"][data-sku="TEA-100"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(690));
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('fill-balance').click();
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-amount').fill('3');
  await payment.getByTestId('refund-confirm').click();
  const refund = payment.locator('[data-testid="transaction"][data-amount="-300"]');
  await expect(refund).toContainText(/^Refund · Card/);
  await expect(refund).toContainText(eur(-300));
  // The payment it gave part of back is not called a refund.
  await expect(payment.locator('[data-testid="transaction"][data-amount="690"]').getByTestId('transaction-refund')).toHaveCount(0);
});

test('at 1024×768 in Russian a very large total keeps each label apart from its amount, inside the payment summary and the order’s card', async ({ app, terminal }) => {
  await app.setViewportSize({ width: 1024, height: 768 });
  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-language').selectOption('ru');
  await app.getByTestId('tab-counter').click();
  const orderId = await newOrder(app);
  // Near the largest line the terminal takes: 99 999 999 999,00 €.
  await terminal.dispatch('orders.addLine', { orderClientId: orderId, sku: 'BIG-1', name: 'Big', qty: 1, unitPrice: 9_999_999_999_900 });
  const payment = app.getByTestId('payment-panel');
  await expect(payment.getByTestId('balance')).toHaveText(/99\s999\s999\s999,00/);

  type Box = { x: number; y: number; width: number; height: number };
  const within = (inner: Box, outer: Box, what: string) => {
    expect(inner.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer.x - 0.5);
    expect(inner.x + inner.width, `${what}: right edge`).toBeLessThanOrEqual(outer.x + outer.width + 0.5);
    expect(inner.y + inner.height, `${what}: bottom edge`).toBeLessThanOrEqual(outer.y + outer.height + 0.5);
  };
  // Apart: beside it with some room between, or on a line below it.
  const apart = (label: Box, amount: Box, what: string) => {
    const beside = amount.x >= label.x + label.width + 4;
    const below = amount.y >= label.y + label.height - 0.5;
    expect(beside || below, `${what}: the amount (${JSON.stringify(amount)}) runs into its label (${JSON.stringify(label)})`).toBe(true);
  };

  const summary = payment.locator('.balance-box');
  const summaryBox = (await summary.boundingBox())!;
  const panelBox = (await payment.boundingBox())!;
  within(summaryBox, panelBox, 'the summary in the payment panel');
  const items = await summary.locator(':scope > div').all();
  expect(items.length).toBeGreaterThanOrEqual(3);
  for (const item of items) {
    const what = (await item.locator('dt').textContent())!;
    const itemBox = (await item.boundingBox())!;
    const label = (await item.locator('dt').boundingBox())!;
    const amount = (await item.locator('dd').boundingBox())!;
    within(itemBox, summaryBox, `${what} in the summary`);
    within(label, itemBox, `${what}: its label`);
    within(amount, itemBox, `${what}: its amount`);
    apart(label, amount, what);
  }

  const row = app.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
  await expect(row.getByTestId('row-total')).toHaveText(/99\s999\s999\s999,00/);
  const card = (await row.boundingBox())!;
  within((await row.locator('.order-row-money').boundingBox())!, card, 'the money row in the card');
  for (const part of await row.locator('.order-row-money > *').all()) {
    const what = (await part.textContent())!;
    const partBox = (await part.boundingBox())!;
    within(partBox, card, `${what} in the card`);
    const amount = (await part.locator('b').boundingBox())!;
    within(amount, card, `${what}: its amount in the card`);
  }
});

test("a cheque's number typed with the payment is kept as its reference; card takes none typed", async ({ app, terminal }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="TEA-100"]').click();
  await payment.getByTestId('method-cheque').click();
  await expect(payment).toContainText('Cheque number');
  await expect(payment.getByTestId('pay-reference')).toHaveAttribute('maxlength', '100');
  await payment.getByTestId('amount-input').fill('5');
  await payment.getByTestId('pay-reference').fill('CHQ-000123');
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(1);

  const stored = await getOrder(terminal, orderId);
  expect(stored.transactions).toHaveLength(1);
  expect(stored.transactions[0]).toMatchObject({ method: 'cheque', amount: 500, reference: 'CHQ-000123' });
  // Ready for the next cheque: the number just taken is not sent again.
  await expect(payment.getByTestId('pay-reference')).toHaveValue('');

  // The card terminal gives a card payment its reference: none is typed.
  await payment.getByTestId('method-card').click();
  await expect(payment.getByTestId('pay-reference')).toHaveCount(0);
});
