import { AdminPinGate, hashAdminPin } from '../main/settings/admin-pin.ts';
import { createTerminal } from '../main/terminal.ts';
import type { Locator } from '@playwright/test';
import { refusal } from '../common/refusals.ts';
import { eur, expect, newOrder, test as base, watchPageErrors } from './fixtures.ts';

/** A customer pays at the kiosk's card terminal (the simulated one approves). */
async function payCard(payment: Locator, amount: string): Promise<void> {
  await payment.getByTestId('method-card').click();
  await payment.getByTestId('amount-input').fill(amount);
  await payment.getByTestId('pay-button').click();
}

/**
 * A self-service kiosk: customers order and pay on the counter screen; the staff screens and
 * actions (refunds, status moves, deliveries, sync, settings) appear only after the admin PIN.
 */
const test = base.extend({
  terminal: async ({ dataDir }, use) => {
    const terminal = createTerminal(
      { dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'kiosk-1' },
      { mode: 'kiosk', adminPin: new AdminPinGate(hashAdminPin('482913')) },
    );
    await use(terminal);
    terminal.close();
  },
});

test('customers see the counter only; the admin PIN opens the staff screens and actions until Lock', async ({ app, terminal }) => {
  // Another customer's order, left open: not for the next customer to browse.
  const earlier = await terminal.dispatch('orders.create', { customer: { name: 'Ana García', phone: '600 111 222' } });
  expect(earlier.ok).toBe(true);
  await expect(app.getByTestId('staff-open')).toBeVisible();
  await expect(app.getByTestId('order-row')).toHaveCount(0);
  await expect(app.getByTestId('kiosk-start')).toHaveText('Tap “New order” to start, then choose your products.');
  await expect(app.getByRole('heading', { name: 'Your order' })).toBeVisible();
  await expect(app.getByTestId('order-search')).toHaveCount(0);
  await expect(app.getByTestId('view-finished')).toHaveCount(0);
  await expect(app.getByTestId('tab-counter')).toBeVisible();
  for (const tab of ['deliveries', 'sync', 'settings']) await expect(app.getByTestId(`tab-${tab}`)).toHaveCount(0);

  // A customer orders and pays; refunds and status moves are not theirs to make.
  await newOrder(app);
  // Their own order is the only one listed (the terminal gives the shop's list to staff only).
  await expect(app.getByTestId('order-row')).toHaveCount(1);
  const editor = app.getByTestId('order-editor');
  await editor.locator('[data-testid="product"][data-sku="COF-250"]').click();
  const payment = app.getByTestId('payment-panel');
  // Only what the payment terminal collects: nobody is there to take cash, a cheque or "other".
  await expect(payment.locator('[data-testid^="method-"]')).toHaveCount(2);
  await expect(payment.getByTestId('method-cash')).toHaveCount(0);
  await expect(payment.getByTestId('method-other')).toHaveCount(0);
  await payCard(payment, '5');
  await expect(payment.getByTestId('paid')).toHaveText('€5.00');
  await expect(payment.getByTestId('refund-start')).toHaveCount(0);
  await expect(editor.getByTestId('mark-Delayed')).toHaveCount(0);
  // The staff's words stay theirs: no sync state, no "walk-in", no customer or delivery form.
  await expect(app.getByTestId('sync-badge')).toHaveCount(0);
  await expect(app.getByTestId('order-row')).toContainText('1 line');
  await expect(app.getByTestId('order-row')).not.toContainText('Walk-in customer');
  await expect(editor.getByText('Customer and delivery')).toHaveCount(0);
  await expect(editor.getByTestId('customer-name')).toHaveCount(0);

  await app.getByTestId('staff-open').click();
  await app.getByTestId('staff-pin').fill('1111');
  await app.getByTestId('staff-unlock-submit').click();
  await expect(app.getByTestId('staff-error')).toHaveText('The admin PIN is 6 to 12 digits.');
  await app.getByTestId('staff-pin').fill('111111');
  await app.getByTestId('staff-unlock-submit').click();
  await expect(app.getByTestId('staff-error')).toHaveText('Wrong admin PIN.');
  await expect(app.getByTestId('staff-pin')).toHaveValue('');
  await expect(app.getByTestId('tab-sync')).toHaveCount(0);

  await app.getByTestId('staff-pin').fill('482913');
  await app.getByTestId('staff-unlock-submit').click();
  await expect(app.getByTestId('tab-settings')).toBeVisible();
  await expect(app.getByTestId('order-row')).toHaveCount(2);
  await expect(payment.getByTestId('refund-start')).toBeVisible();
  await expect(payment.getByTestId('method-cash')).toBeVisible();
  // No desktop shell here (the browser host): no way out of kiosk mode is offered.
  await expect(app.getByTestId('kiosk-exit')).toHaveCount(0);
  // Status moves are the staff's, and for a delivery only: this one is taken away, so none is offered.
  await expect(editor.getByTestId('mark-Delayed')).toHaveCount(0);
  await expect(editor.getByTestId('sync-badge')).toBeVisible();
  await expect(editor.getByTestId('customer-name')).toBeVisible();
  await expect(app.getByTestId('order-row').filter({ hasText: 'Walk-in customer' })).toHaveCount(1);
  await expect(app.getByTestId('view-finished')).toBeVisible();
  await expect(app.getByRole('heading', { name: 'Active orders' })).toBeVisible();

  // The staff open the earlier customer's order, then lock: it leaves the screen with its name.
  await app.getByTestId('order-row').filter({ hasText: 'Ana García' }).click();
  await expect(app.getByTestId('customer-name')).toHaveValue('Ana García');
  await app.getByTestId('tab-settings').click();
  await expect(app.getByTestId('settings')).toBeVisible();
  await app.getByTestId('staff-lock').click();
  await expect(app.getByTestId('app-ready')).toHaveAttribute('data-screen', 'counter');
  await expect(app.getByTestId('tab-settings')).toHaveCount(0);
  await expect(app.getByTestId('staff-open')).toBeVisible();
  await expect(app.getByTestId('order-editor')).toHaveCount(0);
  await expect(app.getByTestId('order-row')).toHaveCount(0);
  await expect(app.getByText('Ana García')).toHaveCount(0);
});

test('in Russian the staff PIN field shows its whole placeholder, and an order without a name is a one-off customer’s', async ({ app, terminal }) => {
  expect((await terminal.dispatch('orders.create', {})).ok).toBe(true);
  await app.locator('header select').selectOption('ru');
  await app.getByTestId('staff-open').click();
  const pin = app.getByTestId('staff-pin');
  // The placeholder's width in the field's own font, against the room the field gives it.
  const fits = (await app.evaluate(`(() => {
    const input = document.querySelector('[data-testid="staff-pin"]');
    const style = getComputedStyle(input);
    const context = document.createElement('canvas').getContext('2d');
    context.font = style.fontStyle + ' ' + style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
    return { text: context.measureText(input.placeholder).width, room: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
  })()`)) as { text: number; room: number };
  // With a quarter to spare: the staff's terminals have other system fonts, some wider than this one.
  expect(fits.text * 1.25).toBeLessThanOrEqual(fits.room);
  await pin.fill('482913');
  await app.getByTestId('staff-unlock-submit').click();
  await expect(app.getByTestId('order-row')).toContainText('Разовый покупатель');
});

test('an order left on a kiosk untouched for 90 s leaves the screen for the next customer: deleted if no money was taken, kept for the staff if some was', async ({ page, host, terminal }) => {
  const expectNoPageErrors = watchPageErrors(page);
  await page.clock.install();
  await page.goto(host.appUrl);
  await expect(page.getByTestId('app-ready')).toBeVisible();
  const abandoned = await newOrder(page);
  await page.getByTestId('order-editor').locator('[data-testid="product"][data-sku="COF-250"]').click();
  await expect(page.getByTestId('order-total')).toHaveText('€12.50');

  // A touch restarts the wait.
  await page.clock.fastForward(60_000);
  await page.getByTestId('order-editor').click({ position: { x: 5, y: 5 } });
  await page.clock.fastForward(60_000);
  await expect(page.getByTestId('order-editor')).toBeVisible();

  await page.clock.fastForward(31_000);
  await expect(page.getByTestId('order-editor')).toHaveCount(0);
  await expect(page.getByTestId('order-row')).toHaveCount(0);
  // Nobody will finish it, and no money was taken: deleted (the server never saw it: nothing to send).
  await expect.poll(async () => ((await terminal.dispatch('orders.get', { orderClientId: abandoned })) as { value: { status: string } }).value.status).toBe('Deleted');

  // A customer who paid part and walked away: the order stays open, with the money, for the staff.
  const paidPart = await newOrder(page);
  await page.getByTestId('order-editor').locator('[data-testid="product"][data-sku="COF-250"]').click();
  await payCard(page.getByTestId('payment-panel'), '5');
  await expect(page.getByTestId('payment-panel').getByTestId('paid')).toHaveText('€5.00');
  await page.clock.fastForward(91_000);
  await expect(page.getByTestId('order-editor')).toHaveCount(0);
  const kept = await terminal.dispatch('orders.get', { orderClientId: paidPart });
  expect(kept).toMatchObject({ ok: true, value: { status: 'InProgress', paid: 500 } });
  expectNoPageErrors();
});

/**
 * The desktop shell's commands, played by the test (no Electron binary here): it offers leaving
 * kiosk mode and silent printing, checks the PIN with the kiosk's own gate, and records what the
 * screen asked of it.
 */
const withShell = base.extend<{ shellCalls: Array<[string, unknown]> }>({
  shellCalls: async ({}, use) => use([]),
  terminal: async ({ dataDir, shellCalls }, use) => {
    const gate = new AdminPinGate(hashAdminPin('482913'));
    const terminal = createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'kiosk-1' }, { mode: 'kiosk', adminPin: gate });
    const shell: Record<string, (input: { pin?: string }) => unknown> = {
      'shell.capabilities': () => ({ ok: true, value: { exitKiosk: true, silentPrint: true } }),
      'shell.exitKiosk': ({ pin }) => {
        const verdict = gate.check(pin ?? '');
        return verdict.ok ? { ok: true, value: null } : { ok: false, error: refusal('forbidden', verdict.message, verdict.params) };
      },
      'shell.printReceipt': () => ({ ok: true, value: null }),
    };
    const dispatch: typeof terminal.dispatch = async (name, input) => {
      const command = typeof name === 'string' ? shell[name] : undefined;
      if (!command) return terminal.dispatch(name, input);
      shellCalls.push([name as string, input]);
      return command(input as { pin?: string }) as Awaited<ReturnType<typeof terminal.dispatch>>;
    };
    await use({ ...terminal, dispatch });
    terminal.close();
  },
});

withShell('in the desktop shell, the staff leave kiosk mode with the PIN again, and receipts print without the dialog', async ({ app, shellCalls }) => {
  await expect(app.getByTestId('staff-open')).toBeVisible();
  await expect(app.getByTestId('kiosk-exit')).toHaveCount(0);
  await app.getByTestId('staff-open').click();
  await app.getByTestId('staff-pin').fill('482913');
  await app.getByTestId('staff-unlock-submit').click();
  await expect(app.getByTestId('kiosk-exit')).toHaveText('Exit kiosk mode');

  // A customer served by staff: cash, a sale, and its receipt printed by the shell.
  await app.evaluate('window.__prints = 0; window.print = () => { window.__prints += 1; }');
  await newOrder(app);
  await app.getByTestId('order-editor').locator('[data-testid="product"][data-sku="COF-250"]').click();
  const payment = app.getByTestId('payment-panel');
  await expect(payment.getByTestId('balance')).toHaveText(eur(1250));
  await payment.getByTestId('method-cash').click();
  await payment.getByTestId('fill-balance').click();
  await payment.getByTestId('pay-button').click();
  await payment.getByTestId('complete-sale').click();
  await app.getByTestId('print-receipt').click();
  await expect.poll(() => shellCalls.filter(([name]) => name === 'shell.printReceipt').length).toBe(1);
  expect(await app.evaluate('window.__prints')).toBe(0);

  // Leaving asks for the PIN again; a wrong one is refused and says so.
  await app.getByTestId('kiosk-exit').click();
  await expect(app.getByTestId('staff-unlock')).toHaveAttribute('data-purpose', 'exit');
  await app.getByTestId('staff-pin').fill('111111');
  await app.getByTestId('staff-unlock-submit').click();
  await expect(app.getByTestId('staff-error')).toHaveText('Wrong admin PIN.');
  await expect(app.getByTestId('staff-pin')).toHaveValue('');
  await app.getByTestId('staff-pin').fill('482913');
  await app.getByTestId('staff-unlock-submit').click();
  await expect(app.getByTestId('staff-unlock')).toHaveCount(0);
  expect(shellCalls.filter(([name]) => name === 'shell.exitKiosk')).toEqual([
    ['shell.exitKiosk', { pin: '111111' }],
    ['shell.exitKiosk', { pin: '482913' }],
  ]);
});

/** A customer buys one coffee by card and the sale is done, its receipt on screen. */
async function buyCoffee(app: import('@playwright/test').Page): Promise<void> {
  await newOrder(app);
  await app.getByTestId('order-editor').locator('[data-testid="product"][data-sku="COF-250"]').click();
  await payCard(app.getByTestId('payment-panel'), '12.50');
  await app.getByTestId('payment-panel').getByTestId('complete-sale').click();
  await expect(app.getByTestId('sale-done')).toBeVisible();
}

test('a kiosk with no shell that prints silently (the browser host) offers no printing: never the dialog, whose "print to file" is a way out', async ({ app }) => {
  await app.evaluate('window.__prints = 0; window.print = () => { window.__prints += 1; }');
  await buyCoffee(app);
  await expect(app.getByTestId('print-receipt')).toHaveCount(0);
  expect(await app.evaluate('window.__prints')).toBe(0);
});

/** A kiosk whose shell could not say what it offers (its answer failed): printing stays closed. */
const withFailingShell = base.extend({
  terminal: async ({ dataDir }, use) => {
    const terminal = createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'kiosk-1' }, { mode: 'kiosk', adminPin: new AdminPinGate(hashAdminPin('482913')) });
    const dispatch: typeof terminal.dispatch = async (name, input) =>
      name === ('shell.capabilities' as typeof name) ? { ok: false, error: refusal('internal', 'the shell failed to answer') } : terminal.dispatch(name, input);
    await use({ ...terminal, dispatch });
    terminal.close();
  },
});

withFailingShell('a kiosk whose shell failed to say it prints silently offers no printing', async ({ app }) => {
  await app.evaluate('window.__prints = 0; window.print = () => { window.__prints += 1; }');
  await buyCoffee(app);
  await expect(app.getByTestId('print-receipt')).toHaveCount(0);
  expect(await app.evaluate('window.__prints')).toBe(0);
});
