import { SAVED_SETTINGS_KEY } from '../main/settings/terminal-settings.ts';
import { createTerminal } from '../main/terminal.ts';
import { expect, test as base } from './fixtures.ts';
import { openSyncTab } from './sync-helpers.ts';

/**
 * A server address an earlier version saved, plain http to another machine, is refused since
 * (every request carries the device token): the terminal starts on the address it was given and
 * says on the sync panel, in the staff's language, that the saved one was left out and why, until
 * the staff save an address the terminal takes.
 */
const started = { serverUrl: 'http://127.0.0.1:9', deviceId: 'e2e-till' };

const test = base.extend({
  terminal: async ({ dataDir }, use) => {
    // As an earlier version left the data folder: the address saved at the counter, plain http.
    const earlier = createTerminal({ dataDir, ...started });
    earlier.ctx.stores.settings.set(SAVED_SETTINGS_KEY, { serverUrl: 'http://till:s3cret@shop.example:8080' });
    earlier.close();
    const terminal = createTerminal({ dataDir, ...started });
    await use(terminal);
    terminal.close();
  },
});

test('the sync panel says the saved plain-http address was left out and why, in the staff’s language, until one is saved', async ({ app }) => {
  const panel = await openSyncTab(app);
  const ignored = panel.getByTestId('ignored-setting');
  await expect(ignored).toHaveCount(1);
  await expect(ignored).toHaveAttribute('data-field', 'serverUrl');
  await expect(ignored).toHaveText(
    'The saved server address http://shop.example:8080 is not used: plain http is allowed only to this machine (localhost, 127.x.x.x or [::1]), since every request carries this terminal’s token. The terminal uses the address it was started with; save an https address in Settings.',
  );
  await expect(panel.getByTestId('terminal-info')).toContainText(started.serverUrl);
  await expect(panel).not.toContainText('s3cret');

  await app.locator('label.lang select').selectOption('es');
  await expect(ignored).toHaveText(/^La dirección del servidor guardada http:\/\/shop\.example:8080 no se usa: http sin cifrar solo se permite hacia esta máquina/);
  await app.locator('label.lang select').selectOption('ru');
  await expect(ignored).toHaveText(/^Сохранённый адрес сервера http:\/\/shop\.example:8080 не используется: обычный http разрешён только к этому компьютеру/);
  await app.locator('label.lang select').selectOption('en');

  // The staff save an https address: it is used, and nothing is left out any more.
  await app.getByTestId('tab-settings').click();
  const form = app.getByTestId('settings');
  await form.getByTestId('setting-serverUrl').fill('https://shop.example:8443');
  await form.getByTestId('settings-save').click();
  await expect(form.getByTestId('settings-saved')).toBeVisible();
  await openSyncTab(app);
  await expect(panel.getByTestId('terminal-info')).toContainText('https://shop.example:8443');
  await expect(ignored).toHaveCount(0);
});
