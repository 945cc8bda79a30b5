import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogView, findProduct, matchProducts } from '../../common/catalog.ts';
import { backOffice, startServer, syncingTerminal } from '../sync/testing/sync-harness.ts';
import { createTerminal, type Terminal } from '../terminal.ts';
import { BUILT_IN_PRODUCTS, CATALOG_SETTING } from './catalog-service.ts';

describe('the catalog the counter sells from', () => {
  let dir: string | undefined;
  let terminal: Terminal | undefined;
  afterEach(() => {
    terminal?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const start = (currency = 'EUR') => {
    dir = mkdtempSync(join(tmpdir(), 'pos-catalog-'));
    terminal = createTerminal({ dataDir: dir, serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1', currency }, { stateTimers: false });
    return terminal;
  };

  it('is the built-in demo list before the first sync, and the pulled catalog in this currency after', async () => {
    const t = start();
    const demo = await t.dispatch('catalog.list', {});
    expect(demo).toMatchObject({ ok: true, value: { version: null } });
    expect(demo.ok && CatalogView.parse(demo.value).products).toEqual(
      BUILT_IN_PRODUCTS.map((p) => ({ sku: p.sku, name: p.name, unitPrice: p.price, barcode: p.barcode })),
    );
    t.ctx.stores.settings.set(CATALOG_SETTING, {
      version: 3,
      products: [
        { sku: 'B1', name: 'Croissant', price: 230, currency: 'EUR', barcode: '2000000000077' },
        { sku: 'B1-GBP', name: 'Croissant', price: 199, currency: 'GBP', barcode: null },
        { sku: 'C1', name: 'Ham sandwich', price: 590, currency: 'EUR', barcode: null },
      ],
    });
    expect(await t.dispatch('catalog.list', {})).toEqual({
      ok: true,
      value: {
        version: 3,
        products: [
          { sku: 'B1', name: 'Croissant', unitPrice: 230, barcode: '2000000000077' },
          { sku: 'C1', name: 'Ham sandwich', unitPrice: 590, barcode: null },
        ],
      },
    });
  });

  it('offers the demo products (priced in euro cents) only to a terminal that sells in euros', async () => {
    // A yen terminal would otherwise sell €12.50 of coffee as ¥1,250.
    const t = start('JPY');
    expect(await t.dispatch('catalog.list', {})).toEqual({ ok: true, value: { version: null, products: [] } });
    expect(BUILT_IN_PRODUCTS.every((p) => p.currency === 'EUR')).toBe(true);
  });

  it('lists the products priced in an order’s own currency when asked for it; a code it does not know is refused, naming it', async () => {
    const t = start();
    t.ctx.stores.settings.set(CATALOG_SETTING, {
      version: 4,
      products: [
        { sku: 'B1', name: 'Croissant', price: 230, currency: 'EUR', barcode: null },
        { sku: 'B1-GBP', name: 'Croissant', price: 199, currency: 'GBP', barcode: null },
      ],
    });
    expect(await t.dispatch('catalog.list', { currency: 'GBP' })).toEqual({
      ok: true,
      value: { version: 4, products: [{ sku: 'B1-GBP', name: 'Croissant', unitPrice: 199, barcode: null }] },
    });
    expect(await t.dispatch('catalog.list', { currency: 'JPY' })).toEqual({ ok: true, value: { version: 4, products: [] } });
    expect(await t.dispatch('catalog.list', {})).toMatchObject({ ok: true, value: { products: [{ sku: 'B1' }] } });
    for (const currency of ['XYZ', 'gbp']) {
      expect(await t.dispatch('catalog.list', { currency })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('currency') } });
    }
  });

  it('refuses any argument, naming it', async () => {
    const t = start();
    expect(await t.dispatch('catalog.list', { all: true } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('all') } });
  });

  it('sells any product the server’s catalog lists, up to the longest SKU and name the backend takes', async () => {
    const server = await startServer();
    const till = syncingTerminal(server);
    try {
      const long = { sku: `SKU-${'0123456789'.repeat(7)}`, name: `${'Tea '.repeat(124)}box!`, price: 1990, currency: 'EUR', barcode: null };
      expect([long.sku.length, long.name.length]).toEqual([74, 500]);
      await backOffice(server, 'POST', '/__test/catalog', { products: [long] });
      await till.terminal.sync.puller.pullOnce();
      const listed = (await till.call('catalog.list', {})).products.find((p) => p.sku === long.sku);
      expect(listed).toEqual({ sku: long.sku, name: long.name, unitPrice: 1990, barcode: null });
      const order = await till.call('orders.create', {});
      const added = await till.call('orders.addLine', { orderClientId: order.clientId, sku: listed!.sku, name: listed!.name, qty: 1, unitPrice: listed!.unitPrice });
      const created = await till.call('orders.create', { lines: [{ sku: listed!.sku, name: listed!.name, qty: 2, unitPrice: listed!.unitPrice }] });
      for (const [view, qty] of [[added, 1], [created, 2]] as const) {
        expect(view.lines).toMatchObject([{ sku: long.sku, name: long.name, qty, total: 1990 * qty }]);
        expect(await till.call('orders.get', { orderClientId: view.clientId })).toMatchObject({ lines: [{ sku: long.sku, name: long.name }] });
      }
    } finally {
      await till.terminal.shutdown();
      till.cleanup();
      await server.close();
    }
  });

  it('offers a product the server lists with a blank name under its SKU, and sells it', async () => {
    const t = start();
    t.ctx.stores.settings.set(CATALOG_SETTING, {
      version: 4,
      products: [
        { sku: 'NONAME-1', name: '', price: 150, currency: 'EUR', barcode: null },
        { sku: 'NONAME-2', name: '   ', price: 250, currency: 'EUR', barcode: '2000000000084' },
      ],
    });
    const listed = await t.dispatch('catalog.list', {});
    const products = listed.ok ? CatalogView.parse(listed.value).products : [];
    expect(products.map((p) => [p.sku, p.name])).toEqual([
      ['NONAME-1', 'NONAME-1'],
      ['NONAME-2', 'NONAME-2'],
    ]);
    const product = products[1];
    const order = await t.dispatch('orders.create', { lines: [{ sku: product!.sku, name: product!.name, qty: 1, unitPrice: product!.unitPrice }] });
    expect(order).toMatchObject({ ok: true, value: { total: 250, lines: [{ sku: 'NONAME-2', name: 'NONAME-2' }] } });
  });

  it('finds a product by exact barcode or SKU, and narrows by name ignoring case and accents', () => {
    const products = [
      { sku: 'B1', name: 'Croissant', unitPrice: 230, barcode: '2000000000077' },
      { sku: 'C2', name: 'Café con leche', unitPrice: 180, barcode: '2000000000114' },
    ];
    expect(findProduct('2000000000077', products)?.sku).toBe('B1');
    expect(findProduct('c2', products)?.sku).toBe('C2');
    expect(findProduct('20000000000', products)).toBeUndefined();
    expect(matchProducts('CAFE', products).map((p) => p.sku)).toEqual(['C2']);
    expect(matchProducts('200000000011', products).map((p) => p.sku)).toEqual(['C2']);
    expect(matchProducts('  ', products)).toHaveLength(2);
  });
});
