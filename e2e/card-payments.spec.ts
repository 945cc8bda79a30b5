import { SimulatedPaymentDriver } from '../main/payments/driver-simulator.ts';
import type { DriverOutcome, DriverRequest } from '../main/payments/payment-driver.ts';
import { createTerminal } from '../main/terminal.ts';
import { eur, expect, getOrder, newOrder, test } from './fixtures.ts';

/** Card and gift-card payments: the card terminal's answers, late, lost or awaited, as the payment panel shows them. */

/** The usual fixtures with a card terminal the test controls, answering within a third of a second or never. */
const cardTest = test.extend<{ driver: SimulatedPaymentDriver }>({
  driver: async ({}, use) => {
    await use(new SimulatedPaymentDriver());
  },
  terminal: async ({ dataDir, driver }, use) => {
    const terminal = createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'e2e-till', driverTimeoutMs: 300 }, { paymentDriver: driver });
    await use(terminal);
    terminal.close();
  },
});

/** A card terminal that answers only once the test lets it (`hold`, then `release`): the charge is in flight until then. */
class GatedDriver extends SimulatedPaymentDriver {
  private gate: { promise: Promise<void>; open: () => void } | null = null;
  hold(): void {
    let open = () => {};
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }
  release(): void {
    this.gate?.open();
    this.gate = null;
  }
  override async request(req: DriverRequest): Promise<DriverOutcome> {
    await this.gate?.promise;
    return super.request(req);
  }
}

/** The usual fixtures with a card terminal the test lets answer, waited for as long as a real one (30 s). */
const gatedTest = test.extend<{ driver: GatedDriver }>({
  driver: async ({}, use) => {
    await use(new GatedDriver());
  },
  terminal: async ({ dataDir, driver }, use) => {
    const terminal = createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'e2e-till', driverTimeoutMs: 30_000 }, { paymentDriver: driver });
    await use(terminal);
    terminal.close();
  },
});

gatedTest('while the card terminal is asked the panel says so; once paid, the next scan goes to the barcode field, not the amount', async ({ app, terminal, driver }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('amount-input').fill('5');
  driver.hold();
  await payment.getByTestId('amount-input').press('Enter');
  await expect(payment.getByTestId('card-waiting')).toHaveText('Waiting for the card terminal…');
  await expect(payment.getByTestId('pay-button')).toBeDisabled();
  // The order is not offered for deletion while the charge may still take its money: said before the click.
  await expect(editor.getByTestId('delete-order')).toBeDisabled();
  await expect(editor.getByTestId('delete-hint')).toHaveText('Waiting for the card terminal: the order can be deleted once it has answered.');
  driver.release();
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  await expect(payment.getByTestId('card-waiting')).toHaveCount(0);
  await expect(payment.getByTestId('balance')).toHaveText(eur(750));
  await expect(editor.getByTestId('delete-order')).toBeDisabled();
  await expect(editor.getByTestId('delete-hint')).toHaveText(`The order holds ${eur(500)} in payments: refund them before deleting it.`);

  // Taken by Enter in the amount field: a scan right after it adds its product.
  await expect(editor.getByTestId('sku-input')).toBeFocused();
  await app.keyboard.type('tea-100\n');
  await expect(editor.locator('[data-testid="line"][data-sku="TEA-100"]')).toHaveCount(1);
  await expect(payment.getByTestId('amount-input')).toHaveValue('');
  await expect.poll(async () => (await getOrder(terminal, orderId)).lines.map((l) => l.sku)).toEqual(['COF-250', 'TEA-100']);
  // Cash too: Enter takes it, and the focus goes back to the barcode field.
  await payment.getByTestId('method-cash').click();
  await payment.getByTestId('amount-input').fill('1');
  await payment.getByTestId('amount-input').press('Enter');
  await expect(payment.getByTestId('transaction')).toHaveCount(2);
  await expect(editor.getByTestId('sku-input')).toBeFocused();
});

cardTest('a charge awaiting its answer holds its amount: the panel shows it held, and fills and takes only the rest', async ({ app, terminal, driver }) => {
  const orderId = await newOrder(app);
  const payment = app.getByTestId('payment-panel');
  await app.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));
  driver.next('timeout-approved');
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('amount-input').fill('5');
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('card-attempt')).toHaveCount(1);
  // Told once, by the charge awaiting its answer; the amount sent is not left typed to be sent again.
  await expect(payment.getByTestId('error')).toHaveCount(0);
  await expect(payment.getByTestId('amount-input')).toHaveValue('');
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));
  await expect(payment.getByTestId('held')).toHaveText(eur(500));
  await expect(payment).toContainText('Held by a charge awaiting an answer');

  await payment.getByTestId('fill-balance').click();
  await expect(payment.getByTestId('amount-input')).toHaveValue('7.50');
  await payment.getByTestId('amount-input').fill('10');
  await expect(payment.getByTestId('error')).toHaveText(`${eur(1000)} is more than the ${eur(750)} due now: ${eur(500)} is held by a charge awaiting an answer.`);
  await expect(payment.getByTestId('pay-button')).toBeDisabled();

  // The rest in cash; then nothing can be taken until the card terminal is asked.
  await payment.getByTestId('method-cash').click();
  await payment.getByTestId('fill-balance').click();
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(500));
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('fill-balance').click();
  await expect(payment.getByTestId('amount-input')).toHaveValue('');
  await payment.getByTestId('amount-input').fill('5');
  await expect(payment.getByTestId('error')).toHaveText(`Nothing more can be taken now: ${eur(500)} is held by a charge awaiting an answer. Ask the card terminal how it ended.`);
  await expect(payment.getByTestId('pay-button')).toBeDisabled();
  // The terminal refuses it just so, naming what is held (not a balance of zero).
  expect(await terminal.dispatch('payments.record', { orderClientId: orderId, method: 'card', amount: 500 })).toMatchObject({
    ok: false,
    error: { code: 'nothing_to_pay', params: { reason: 'held', held: { minor: 500, currency: 'EUR' } } },
  });

  await payment.getByTestId('reconcile').click();
  await expect(payment.getByTestId('held')).toHaveCount(0);
  await expect(payment.getByTestId('balance')).toHaveText(eur(0));
  await expect(payment.getByTestId('complete-sale')).toBeEnabled();
  expect((await getOrder(terminal, orderId)).transactions.map((t) => [t.method, t.amount])).toEqual([
    ['cash', 750],
    ['card', 500],
  ]);
  expect(driver.received.filter((r) => r.kind === 'charge')).toHaveLength(1);
});

for (const [width, height, lang] of [
  [1024, 768, 'en'],
  [1366, 768, 'ru'],
] as const) {
  cardTest(`at ${width}×${height} (${lang}) Take payment and Complete sale are on screen without scrolling the page`, async ({ app, terminal, driver }) => {
    await app.setViewportSize({ width, height });
    // Russian's longer words wrap the buttons onto two lines: a taller panel.
    await app.getByTestId('tab-settings').click();
    await app.getByTestId('setting-language').selectOption(lang);
    await app.getByTestId('tab-counter').click();
    // A busy counter: several orders listed, the open one with lines, a delivery and a payment with change.
    for (const name of ['Lucía Navarro', 'Pedro Ruiz', 'Ana López']) await terminal.dispatch('orders.create', { customer: { name } });
    await newOrder(app);
    const editor = app.getByTestId('order-editor');
    const payment = app.getByTestId('payment-panel');
    for (const sku of ['COF-250', 'TEA-100']) await editor.locator(`[data-testid="product"][data-sku="${sku}"]`).click();
    await expect(editor.getByTestId('line')).toHaveCount(2);
    await editor.getByTestId('delivers').check();
    await payment.getByTestId('method-cash').click();
    await payment.getByTestId('amount-input').fill('5');
    await payment.getByTestId('tendered-input').fill('10');
    await payment.getByTestId('pay-button').click();
    await expect(payment.getByTestId('change-given')).toBeVisible();
    // A card charge left unanswered: its box and the held amount push the panel down.
    driver.next('timeout-approved');
    await payment.getByTestId('method-card').click();
    await payment.getByTestId('amount-input').fill('2');
    await payment.getByTestId('pay-button').click();
    await expect(payment.getByTestId('card-attempt')).toHaveCount(1);
    await expect(payment.getByTestId('held')).toBeVisible();
    await payment.getByTestId('method-cash').click();
    await payment.getByTestId('amount-input').fill('x');
    await expect(payment.getByTestId('error')).toBeVisible();

    expect(await app.evaluate('window.scrollY')).toBe(0);
    await expect(payment.getByTestId('pay-button')).toBeInViewport({ ratio: 1 });
    await expect(payment.getByTestId('complete-sale')).toBeInViewport({ ratio: 1 });
    // Still reached as the page scrolls, and it works from there.
    await payment.getByTestId('amount-input').fill('1');
    await payment.getByTestId('pay-button').click();
    await expect(payment.getByTestId('transaction')).toHaveCount(2);
  });
}

for (const lang of ['ru', 'en', 'es'] as const) {
  test(`at 1024×768 (${lang}) an unsynced order's card keeps its badges inside it`, async ({ app, terminal }) => {
    await app.setViewportSize({ width: 1024, height: 768 });
    await app.getByTestId('tab-settings').click();
    await app.getByTestId('setting-language').selectOption(lang);
    await app.getByTestId('tab-counter').click();
    // The server is out of reach: every order keeps its client id's six characters for a number ("Заказ №3F9A2C").
    for (const name of ['Lucía Navarro', 'Pedro Ruiz']) await terminal.dispatch('orders.create', { customer: { name } });
    await newOrder(app);
    const rows = app.getByTestId('order-list').getByTestId('order-row');
    await expect(rows).toHaveCount(3);
    for (const row of await rows.all()) {
      await expect(row.locator('.order-row-head strong')).toHaveText(/[#№º]\s?[0-9A-F]{6}$/);
      const card = (await row.boundingBox())!;
      const parts = [row.locator('.order-row-head strong'), ...(await row.locator('.badge').all()), ...(await row.locator('.order-row-money > *').all())];
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) {
        const box = (await part.boundingBox())!;
        const label = `${await part.textContent()} in ${await row.locator('.order-row-head strong').textContent()}`;
        expect(box.x, `${label}: left edge`).toBeGreaterThanOrEqual(card.x - 0.5);
        expect(box.x + box.width, `${label}: right edge`).toBeLessThanOrEqual(card.x + card.width + 0.5);
        expect(box.y + box.height, `${label}: bottom edge`).toBeLessThanOrEqual(card.y + card.height + 0.5);
      }
    }
  });
}

cardTest('a card charge with no answer blocks the sale until the card terminal is asked; it is never charged twice', async ({ app, terminal, driver }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));

  // The charge reaches the provider and is approved there, but the answer is lost.
  driver.next('timeout-approved');
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('fill-balance').click();
  await payment.getByTestId('pay-button').click();
  // Said once, by the charge left unresolved: no second, red message beside it.
  await expect(payment.getByTestId('card-attempts')).toContainText('The card terminal did not answer. Ask it how the charge ended before taking the payment again.');
  await expect(payment.getByTestId('card-attempt')).toHaveCount(1);
  await expect(payment.getByTestId('error')).toHaveCount(0);
  await expect(payment.getByTestId('card-attempt')).toContainText(eur(1250));
  await expect(payment.getByTestId('card-attempt')).toContainText(/· no answer within [\d.]+ s/);
  await expect(payment.getByTestId('complete-sale')).toBeDisabled();
  expect((await getOrder(terminal, orderId)).unresolvedAttempts).toHaveLength(1);

  await payment.getByTestId('reconcile').click();
  await expect(payment.getByTestId('card-attempts')).toHaveCount(0);
  await expect(payment.getByTestId('transaction')).toHaveCount(1);
  await expect(payment.getByTestId('balance')).toHaveText(eur(0));
  await payment.getByTestId('complete-sale').click();
  await expect(editor.getByTestId('sale-done')).toBeVisible();

  const stored = await getOrder(terminal, orderId);
  expect(stored).toMatchObject({ status: 'Done', balance: 0, unresolvedAttempts: [] });
  expect(stored.transactions.map((t) => [t.method, t.amount])).toEqual([['card', 1250]]);
  expect(driver.received.filter((r) => r.kind === 'charge')).toHaveLength(1);
});

cardTest('a card refund with no answer is told as a refund, and that payment is not offered for refund again until it is reconciled', async ({ app, terminal, driver }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  const payment = app.getByTestId('payment-panel');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('fill-balance').click();
  await payment.getByTestId('pay-button').click();
  await expect(payment.getByTestId('transaction')).toHaveCount(1);

  // The refund reaches the provider and is taken there, but the answer is lost.
  driver.next('timeout-approved');
  await payment.getByTestId('refund-start').click();
  await payment.getByTestId('refund-amount').fill('5.14');
  await payment.getByTestId('refund-confirm').click();
  await expect(payment.getByTestId('card-attempt')).toHaveCount(1);
  await expect(payment.getByTestId('card-attempt')).toContainText(`Refund · Card ${eur(-514)}`);
  await expect(payment.getByTestId('card-attempts')).toContainText('The card terminal did not answer. Ask it how the refund ended before refunding again.');
  await expect(payment.getByTestId('card-attempts')).not.toContainText('how the charge ended');
  // Refunding the payment again could give the money back twice: not offered until the card terminal is asked.
  await expect(payment.getByTestId('refund-start')).toHaveCount(0);

  await payment.getByTestId('reconcile').click();
  await expect(payment.getByTestId('card-attempts')).toHaveCount(0);
  await expect(payment.locator('[data-testid="transaction"][data-amount="-514"]')).toHaveCount(1);
  await expect(payment.getByTestId('refund-start')).toHaveCount(1);
  expect((await getOrder(terminal, orderId)).transactions.map((t) => [t.method, t.amount])).toEqual([
    ['card', 1250],
    ['card', -514],
  ]);
  expect(driver.received.filter((r) => r.kind === 'refund')).toHaveLength(1);
});
