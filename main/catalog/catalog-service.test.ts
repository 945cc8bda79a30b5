import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogView, findProduct, matchProducts } from '../../common/catalog.ts';
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

  it('refuses any argument, naming it', async () => {
    const t = start();
    expect(await t.dispatch('catalog.list', { all: true } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('all') } });
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
