import { createServer as createNetServer } from 'node:net';
import type { SettingsView } from '../common/settings.ts';
import { AdminPinGate, hashAdminPin } from '../main/settings/admin-pin.ts';
import { createTerminal, type Terminal } from '../main/terminal.ts';
import { expect, newOrder, syncTest, test } from './fixtures.ts';

/**
 * The settings screen (SPEC §5): the server's address, the terminal's name, the currency of new
 * orders and the language, applied at once and kept; refusals are shown and change nothing.
 */

async function settingsOf(terminal: Terminal): Promise<SettingsView> {
  const result = await terminal.dispatch('settings.get', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SettingsView;
}

test('the terminal name changes at once and is kept; a bad address is refused naming the field', async ({ app, terminal }) => {
  await app.getByTestId('tab-settings').click();
  const form = app.getByTestId('settings');
  await expect(form.getByTestId('setting-serverUrl')).toHaveValue('http://127.0.0.1:9');
  await expect(form.getByTestId('setting-deviceName')).toHaveValue('e2e-till');
  await expect(form.getByTestId('setting-currency')).toHaveValue('EUR');
  await expect(form.getByTestId('settings-save')).toBeDisabled();

  await form.getByTestId('setting-deviceName').fill('Front counter');
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();
  await expect(app.getByTestId('device-name')).toHaveText('Front counter');
  await expect(app.getByTestId('terminal-name')).toHaveText('Front counter');
  expect(await settingsOf(terminal)).toMatchObject({ deviceName: 'Front counter' });

  // Plain http off this machine: the device token would cross the network in clear text.
  await form.getByTestId('setting-serverUrl').fill('http://shop.local:8080');
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('error')).toHaveText('The server address must be an https address (http only to this machine, such as http://127.0.0.1:8080), with no user:password@, ? or #.');
  expect(await settingsOf(terminal)).toMatchObject({ serverUrl: 'http://127.0.0.1:9' });
  // In the staff's language.
  await app.getByTestId('setting-language').selectOption('ru');
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('error')).toHaveText('Адрес сервера должен быть адресом https (http — только на этот компьютер, например http://127.0.0.1:8080), без «имя:пароль@», «?» и «#».');
  await app.getByTestId('setting-language').selectOption('en');

  await app.reload();
  await expect(app.getByTestId('device-name')).toHaveText('Front counter');
});

test('the language chosen in the settings applies to every screen and is kept', async ({ app }) => {
  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-language').selectOption('es');
  await expect(app.getByTestId('tab-settings')).toHaveText('Ajustes');
  await expect(app.getByTestId('tab-counter')).toHaveText('Mostrador');
  // The page says its language too (screen readers, hyphenation).
  await expect(app.locator('html')).toHaveAttribute('lang', 'es');
  await app.reload();
  await expect(app.getByTestId('tab-settings')).toHaveText('Ajustes');
  await expect(app.locator('html')).toHaveAttribute('lang', 'es');
});

syncTest('the currency changes only when no order is open; new orders are priced in it, from the products the server sells in it', async ({ app, terminal, server }) => {
  // The server sells a scone in pounds too; the counter, selling in euros, does not offer it.
  await fetch(`${server.url}/__test/catalog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ products: [{ sku: 'A1', name: 'Coffee', price: 250, currency: 'EUR' }, { sku: 'G1', name: 'Scone', price: 275, currency: 'GBP' }] }),
  });
  await terminal.sync.puller.pullOnce();
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  await expect(editor.getByTestId('product')).toHaveCount(1);
  await expect(editor.locator('[data-testid="product"][data-sku="A1"]')).toContainText('€2.50');

  // An order in delivery is still open (it takes lines and payments in euros).
  await terminal.dispatch('orders.setStatus', { orderClientId: orderId, status: 'InDelivery' });
  await app.getByTestId('tab-settings').click();
  const form = app.getByTestId('settings');
  await form.getByTestId('setting-currency').fill('gbp');
  await expect(form.getByTestId('setting-currency')).toHaveValue('GBP');
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('error')).toHaveText('First complete or delete the open orders in EUR (1).');
  expect(await settingsOf(terminal)).toMatchObject({ currency: 'EUR' });

  await terminal.dispatch('orders.delete', { orderClientId: orderId });
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();
  await expect(app.getByTestId('terminal-info')).toContainText('GBP');

  await app.getByTestId('tab-counter').click();
  const next = await newOrder(app);
  await expect(editor.getByTestId('product')).toHaveCount(1);
  await editor.locator('[data-testid="product"][data-sku="G1"]').click();
  await expect(app.locator(`[data-testid="order-row"][data-order-id="${next}"]`)).toContainText('£2.75');
});

test('a terminal selling in a currency its catalog has no products in says so, rather than offering prices in another', async ({ app, terminal }) => {
  // Before its first sync the terminal has only the demo products, priced in euros.
  await terminal.dispatch('settings.update', { currency: 'JPY' });
  await newOrder(app);
  const editor = app.getByTestId('order-editor');
  await expect(editor.getByTestId('no-catalog')).toHaveText('No products in JPY to offer: the server’s catalog has none in it, or has not arrived yet.');
  await expect(editor.getByTestId('product')).toHaveCount(0);
});

/** A port on this machine where nothing listens (taken, then let go). */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const moved = syncTest.extend({
  // Started against an address where nothing listens, with retries a minute apart.
  terminal: async ({ dataDir, server }, use) => {
    const terminal = createTerminal(
      { dataDir, serverUrl: `http://127.0.0.1:${await closedPort()}`, deviceId: 'till-1', deviceToken: server.tokens['till-1'] },
      { sync: { autoStart: true, backoff: { baseMs: 60_000, capMs: 60_000 }, pullIntervalMs: 60_000 } },
    );
    await use(terminal);
    await terminal.shutdown();
  },
});

moved('a new server address takes what waited offline there at once, each operation once', async ({ app, server }) => {
  const orderId = await newOrder(app);
  await app.getByTestId('tab-sync').click();
  // Tried once there, and waiting a minute for the next try.
  const op = app.locator(`[data-testid="outbox-op"][data-order-id="${orderId}"]`);
  await expect(op).toHaveAttribute('data-state', 'pending');
  // Said plainly; the network's own words are kept for support, in the tooltip.
  await expect(op.getByTestId('op-error')).toHaveText('The server cannot be reached; it is tried again by itself.');
  await expect(op.getByTestId('op-error')).toHaveAttribute('title', /ECONNREFUSED/);

  await app.getByTestId('tab-settings').click();
  await app.getByTestId('setting-serverUrl').fill(server.url);
  await app.getByTestId('settings-save').click();
  await expect(app.getByTestId('settings-saved')).toBeVisible();

  await app.getByTestId('tab-sync').click();
  await expect(app.getByTestId('sync-online')).toHaveAttribute('data-online', 'true');
  await expect(app.getByTestId('outbox-empty')).toBeVisible();
  const held = (await (await fetch(`${server.url}/__test/orders`)).json()) as { orders: Array<{ clientId: string }> };
  expect(held.orders.filter((o) => o.clientId === orderId)).toHaveLength(1);
});

const withAdminPin = test.extend({
  terminal: async ({ dataDir }, use) => {
    const terminal = createTerminal(
      { dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'till-7' },
      { adminPin: new AdminPinGate(hashAdminPin('482913')), lockedSettings: { serverUrl: 'POS_SERVER_URL' } },
    );
    await use(terminal);
    terminal.close();
  },
});

withAdminPin('where an admin PIN is configured, saving asks for it; a setting fixed at start is shown, not editable', async ({ app, terminal }) => {
  await app.getByTestId('tab-settings').click();
  const form = app.getByTestId('settings');
  await expect(form.getByTestId('setting-serverUrl')).toBeDisabled();
  await expect(form.getByTestId('setting-serverUrl-locked')).toHaveText('Fixed by POS_SERVER_URL where the terminal was started.');

  await form.getByTestId('setting-deviceName').fill('Self-service 1');
  await form.getByTestId('setting-adminPin').fill('111111');
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('error')).toHaveText('Wrong admin PIN.');
  expect(await settingsOf(terminal)).toMatchObject({ deviceName: 'till-7' });

  await form.getByTestId('setting-adminPin').fill('482913');
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();
  await expect(form.getByTestId('setting-adminPin')).toHaveValue('');
  await expect(app.getByTestId('device-name')).toHaveText('Self-service 1');
});

test('a copy of the data is made when asked, and the screen says when, how many and where', async ({ app, terminal, dataDir }) => {
  await app.getByTestId('tab-settings').click();
  const backups = app.getByTestId('backups');
  await expect(backups.getByTestId('backups-latest')).toHaveText('No copy of the data yet: the first is made ten minutes after start.');
  await expect(backups).toContainText(`Copies here: 0 of 7 kept (one a day; older ones are removed). Folder: ${dataDir}/backups`);
  await backups.getByTestId('backups-run').click();
  await expect(backups.getByTestId('backups-latest')).toHaveText(/^Newest copy of the data: .+\.$/);
  await expect(backups).toContainText(`Copies here: 1 of 7 kept (one a day; older ones are removed). Folder: ${dataDir}/backups`);
  await expect(backups.getByTestId('backups-run')).toHaveText('Copy now');
  const status = await terminal.dispatch('backups.status', {});
  expect(status).toMatchObject({ ok: true, value: { enabled: true, kept: 1, keep: 7, dir: `${dataDir}/backups` } });
  expect((status as { value: { latest: { file: string } } }).value.latest.file).toMatch(new RegExp(`^${dataDir}/backups/terminal-\\d{8}T\\d{6}Z\\.sqlite$`));
});
