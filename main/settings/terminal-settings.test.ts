import { afterEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { CATALOG_SETTING } from '../catalog/catalog-service.ts';
import { backOffice, FAST_SYNC, outboxRows, startServer } from '../sync/testing/sync-harness.ts';
import { snapshotDatabase, tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import type { TerminalOptions } from '../terminal.ts';
import { AdminPinGate, hashAdminPin, PIN_ATTEMPTS_KEY } from './admin-pin.ts';
import { effectiveSettings, SAVED_SETTINGS_KEY } from './terminal-settings.ts';

const started = { serverUrl: 'http://127.0.0.1:9', deviceName: 'till-1', currency: 'EUR' };

describe('effectiveSettings', () => {
  it('puts what was saved over what the terminal started with, except where the start fixed a setting', () => {
    const saved = { serverUrl: 'https://shop.local:8443', currency: 'GBP' };
    expect(effectiveSettings(started, saved, {})).toEqual({ settings: { ...started, ...saved }, ignored: [] });
    expect(effectiveSettings(started, saved, { serverUrl: 'POS_SERVER_URL' }).settings).toEqual({ ...started, currency: 'GBP' });
  });

  it('leaves out a saved value that no longer validates, naming it, and keeps the others', () => {
    const result = effectiveSettings(started, { serverUrl: 'ftp://old', deviceName: 'Front', currency: 'XYZ' }, {});
    expect(result.settings).toEqual({ ...started, deviceName: 'Front' });
    expect(result.ignored).toEqual([
      expect.objectContaining({ code: 'saved_setting_ignored', params: { reason: 'invalid', field: 'serverUrl', detail: expect.stringMatching(/^must be an http/) } }),
      expect.objectContaining({ code: 'saved_setting_ignored', params: { reason: 'invalid', field: 'currency', detail: expect.any(String) } }),
    ]);
    expect(effectiveSettings(started, 'garbage', {})).toEqual({ settings: started, ignored: [] });
  });

  it('says a plain-http address to another machine an earlier version saved by its address, never a password it held', () => {
    const result = effectiveSettings(started, { serverUrl: 'http://till:s3cret@shop.local:8080/pos/' }, {});
    expect(result.settings).toEqual(started);
    expect(result.ignored).toEqual([
      {
        code: 'saved_setting_ignored',
        params: { reason: 'plain_http', field: 'serverUrl', value: 'http://shop.local:8080/pos/', detail: expect.stringMatching(/^must use https/) },
        message: expect.stringMatching(/^the saved serverUrl http:\/\/shop\.local:8080\/pos\/ was ignored: must use https/),
      },
    ]);
    expect(JSON.stringify(result.ignored)).not.toContain('s3cret');
    // Where the start fixed the address, nothing saved would be used: nothing to say.
    expect(effectiveSettings(started, { serverUrl: 'http://shop.local:8080' }, { serverUrl: 'POS_SERVER_URL' }).ignored).toEqual([]);
  });
});

describe('a saved plain-http server address an earlier version took', () => {
  it('is left out at start and said with the terminal’s info until a save replaces it', async () => {
    const first = tempTerminal({}, { stateTimers: false });
    // As an earlier version saved it, before plain http to another machine was refused.
    first.terminal.ctx.stores.settings.set(SAVED_SETTINGS_KEY, { serverUrl: 'http://shop.local:8080', deviceName: 'Front' });
    first.terminal.close();
    const t = tempTerminal({ dataDir: first.dataDir }, { stateTimers: false });
    try {
      const info = await t.call('terminal.info', {});
      expect(info).toMatchObject({ serverUrl: started.serverUrl, deviceName: 'Front' });
      expect(info.ignoredSettings).toEqual([expect.objectContaining({ code: 'saved_setting_ignored', params: expect.objectContaining({ reason: 'plain_http', value: 'http://shop.local:8080' }) })]);

      await t.call('settings.update', { serverUrl: 'https://shop.local:8443' });
      expect(await t.call('terminal.info', {})).toMatchObject({ serverUrl: 'https://shop.local:8443', ignoredSettings: [] });
      expect(t.terminal.ctx.stores.settings.get(SAVED_SETTINGS_KEY)).toEqual({ serverUrl: 'https://shop.local:8443', deviceName: 'Front' });
    } finally {
      await t.terminal.shutdown();
      t.cleanup();
    }
  });
});

describe('settings at the counter', () => {
  const open: TempTerminal[] = [];
  const servers: CounterPosServer[] = [];
  afterEach(async () => {
    for (const t of open.splice(0)) {
      await t.terminal.shutdown();
      t.cleanup();
    }
    for (const server of servers.splice(0)) await server.close();
  });
  const start = (options: TerminalOptions = {}, dataDir?: string) => {
    const t = tempTerminal(dataDir ? { dataDir } : {}, { stateTimers: false, ...options });
    open.push(t);
    return t;
  };

  it('start as configured; a change is applied at once, announced, and kept across a restart', async () => {
    const t = start();
    expect(await t.call('settings.get', {})).toEqual({ ...started, lockedBy: {}, pinRequired: false, deviceId: 'till-1' });
    const events: unknown[] = [];
    t.terminal.on('settings.changed', (e) => events.push(e));

    const view = await t.call('settings.update', { deviceName: '  Front counter ', serverUrl: 'https://shop.local:8443' });
    expect(view).toMatchObject({ deviceName: 'Front counter', serverUrl: 'https://shop.local:8443', currency: 'EUR' });
    expect(events).toEqual([{ deviceName: 'Front counter', serverUrl: 'https://shop.local:8443', currency: 'EUR' }]);
    expect(await t.call('terminal.info', {})).toMatchObject({ deviceId: 'till-1', deviceName: 'Front counter', serverUrl: 'https://shop.local:8443' });

    // Closed and started again with the same configuration: what the staff saved stands.
    t.terminal.close();
    open.splice(open.indexOf(t), 1);
    const again = start({}, t.dataDir);
    expect(await again.call('settings.get', {})).toMatchObject({ deviceName: 'Front counter', serverUrl: 'https://shop.local:8443' });
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const t = start();
    const before = snapshotDatabase(t.terminal);
    for (const [input, field] of [
      [{ serverUrl: 'ftp://shop.local' }, 'serverUrl'],
      [{ serverUrl: 'not a url' }, 'serverUrl'],
      // Every request carries the device token: not in clear text over a network.
      [{ serverUrl: 'http://shop.local:8080' }, 'serverUrl'],
      [{ serverUrl: 'http://192.168.1.20:8080' }, 'serverUrl'],
      [{ deviceName: '   ' }, 'deviceName'],
      [{ deviceName: 'x'.repeat(41) }, 'deviceName'],
      [{ currency: 'eur' }, 'currency'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ adminPin: '12' }, 'adminPin'],
      [{ deviceId: 'till-2' }, 'deviceId'],
    ] as const) {
      const result = await t.terminal.dispatch('settings.update', input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!result.ok && result.error.message, JSON.stringify(input)).toContain(field);
    }
    expect(snapshotDatabase(t.terminal)).toEqual(before);
    expect(await t.call('settings.get', {})).toMatchObject(started);
  });

  it('shows a setting fixed where the terminal was started, refuses to change it, and lets the others change', async () => {
    const first = start();
    await first.call('settings.update', { serverUrl: 'https://saved.local:8443' });
    first.terminal.close();
    open.splice(open.indexOf(first), 1);

    const t = start({ lockedSettings: { serverUrl: 'POS_SERVER_URL' } }, first.dataDir);
    expect(await t.call('settings.get', {})).toMatchObject({ serverUrl: started.serverUrl, lockedBy: { serverUrl: 'POS_SERVER_URL' } });
    const before = snapshotDatabase(t.terminal);
    const refused = await t.terminal.dispatch('settings.update', { serverUrl: 'https://other.local', deviceName: 'Back' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'locked', message: expect.stringMatching(/^serverUrl: .*POS_SERVER_URL/) } });
    expect(snapshotDatabase(t.terminal)).toEqual(before);
    // Sending the value it has is no change, and the rest goes through.
    expect(await t.call('settings.update', { serverUrl: started.serverUrl, deviceName: 'Back' })).toMatchObject({ deviceName: 'Back' });
  });

  it('needs the admin PIN where one is configured; wrong guesses change nothing and lock the gate', async () => {
    let now = 0;
    const t = start({ adminPin: new AdminPinGate(hashAdminPin('482913'), () => now) });
    expect(await t.call('settings.get', {})).toMatchObject({ pinRequired: true });
    const before = snapshotDatabase(t.terminal);
    expect(await t.terminal.dispatch('settings.update', { deviceName: 'Kiosk 2' })).toMatchObject({ ok: false, error: { code: 'pin_required' } });
    for (let i = 0; i < 5; i++) {
      expect(await t.terminal.dispatch('settings.update', { deviceName: 'Kiosk 2', adminPin: '000000' })).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: 'adminPin: wrong admin PIN' },
      });
    }
    // Five wrong guesses: even the right PIN waits a minute.
    expect(await t.terminal.dispatch('settings.update', { deviceName: 'Kiosk 2', adminPin: '482913' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('too many wrong PINs') },
    });
    // Nothing changed but the gate's own count of wrong PINs, kept so a restart does not reset it.
    const withoutPinCount = (snapshot: Record<string, unknown[]>) => ({
      ...snapshot,
      device_settings: snapshot.device_settings!.filter((row) => (row as { key: string }).key !== PIN_ATTEMPTS_KEY),
    });
    expect(withoutPinCount(snapshotDatabase(t.terminal))).toEqual(withoutPinCount(before));
    expect(t.terminal.ctx.stores.settings.get(PIN_ATTEMPTS_KEY)).toEqual({ failures: 0, lockouts: 1, lockedUntil: 60_000 });
    now += 60_000;
    expect(await t.call('settings.update', { deviceName: 'Kiosk 2', adminPin: '482913' })).toMatchObject({ deviceName: 'Kiosk 2' });
  });

  it('changes the currency only when no order is open; new orders and the catalog follow it', async () => {
    const t = start();
    t.terminal.ctx.stores.settings.set(CATALOG_SETTING, {
      version: 4,
      products: [
        { sku: 'B1', name: 'Croissant', price: 230, currency: 'EUR', barcode: null },
        { sku: 'B1-GBP', name: 'Croissant', price: 199, currency: 'GBP', barcode: null },
      ],
    });
    const order = await t.call('orders.create', {});
    const before = snapshotDatabase(t.terminal);
    expect(await t.terminal.dispatch('settings.update', { currency: 'GBP' })).toEqual({
      ok: false,
      error: { code: 'orders_in_progress', message: 'currency: 1 order is open in EUR; complete or delete it first', params: { count: 1, currency: 'EUR' } },
    });
    expect(snapshotDatabase(t.terminal)).toEqual(before);

    await t.call('orders.delete', { orderClientId: order.clientId });
    const catalogEvents: unknown[] = [];
    t.terminal.on('catalog.changed', (e) => catalogEvents.push(e));
    expect(await t.call('settings.update', { currency: 'GBP' })).toMatchObject({ currency: 'GBP' });
    expect(catalogEvents).toEqual([{ version: 4 }]);
    expect((await t.call('orders.create', {})).currency).toBe('GBP');
    expect((await t.call('catalog.list', {})).products.map((p) => p.sku)).toEqual(['B1-GBP']);
    expect(t.terminal.ctx.stores.settings.get(SAVED_SETTINGS_KEY)).toEqual({ currency: 'GBP' });
  });

  it.each(['InDelivery', 'Delayed'] as const)('keeps the currency while an order is %s: it is still open, so lines could still land on it', async (status) => {
    const t = start();
    const order = await t.call('orders.create', {});
    await t.call('orders.setStatus', { orderClientId: order.clientId, status });
    const before = snapshotDatabase(t.terminal);
    expect(await t.terminal.dispatch('settings.update', { currency: 'GBP' })).toMatchObject({
      ok: false,
      error: { code: 'orders_in_progress', params: { count: 1, currency: 'EUR' } },
    });
    expect(snapshotDatabase(t.terminal)).toEqual(before);
    expect(await t.call('settings.get', {})).toMatchObject({ currency: 'EUR' });
  });

  it("sends what waited for an unreachable server to the new address at once, each operation once, with its key", async () => {
    const server = await startServer();
    servers.push(server);
    // Started against an address where nothing listens, with retries far apart.
    const t = tempTerminal(
      { serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1', deviceToken: server.tokens['till-1']! },
      { sync: { ...FAST_SYNC, backoff: { baseMs: 60_000, capMs: 60_000 } }, stateTimers: false },
    );
    open.push(t);
    t.terminal.sync.start();
    const order = await t.call('orders.create', { lines: [{ sku: 'C1', name: 'Coffee', qty: 1, unitPrice: 250 }] });
    await expect.poll(() => outboxRows(t, order.clientId)[0]?.attempts, { message: 'the create was tried at the dead address' }).toBe(1);
    const keys = () => JSON.parse(outboxRows(t, order.clientId)[0]!.keys) as string[];
    const [key] = keys();

    await t.call('settings.update', { serverUrl: server.url });
    await expect.poll(() => t.terminal.ctx.stores.orders.get(order.clientId)?.server_id, { timeout: 5_000 }).toBeGreaterThan(0);
    const held = await backOffice<{ orders: Array<{ clientId: string }> }>(server, 'GET', '/__test/orders');
    expect(held.orders.filter((o) => o.clientId === order.clientId)).toHaveLength(1);
    expect(outboxRows(t, order.clientId)[0]).toMatchObject({ state: 'done', attempts: 2 });
    expect(keys()).toEqual([key]);
  });
});
