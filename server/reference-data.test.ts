import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../common/backend-api.ts';
import { DEFAULT_CATALOG, DEFAULT_RULES, readCatalogFile, readRulesFile } from './seed.ts';
import { startServer, tempDir } from './test-support.ts';

describe('health, catalog and rules', () => {
  it('serves the defaults on a new database', async () => {
    const { server, call } = await startServer();
    try {
      const health = await call('GET', '/v2/health');
      expect(health.status).toBe(200);
      expect(api.HealthResponse.parse(health.body).time).toMatch(/Z$/);
      const catalog = api.CatalogResponse.parse((await call('GET', '/v2/catalog')).body);
      expect(catalog.version).toBe(1);
      expect(catalog.products).toHaveLength(12);
      expect(new Set(catalog.products.map((p) => p.sku)).size).toBe(12);
      for (const product of catalog.products) expect(isValidEan13(product.barcode ?? '')).toBe(true);
      const rules = api.OrderStateRulesResponse.parse((await call('GET', '/v2/order-state-rules')).body);
      expect(rules).toEqual({ rules: DEFAULT_RULES, version: 1 });
    } finally {
      await server.close();
    }
  });

  it('takes seeds from options, and a changed seed on restart as a new version', async () => {
    const { dir, cleanup } = tempDir();
    const db = join(dir, 'server.sqlite');
    const products = [{ sku: 'X1', name: 'Tea', price: 200, currency: 'EUR', barcode: null }];
    try {
      const first = await startServer({ db, catalog: products });
      expect((await first.call('GET', '/v2/catalog')).body).toEqual({ products, version: 1 });
      await first.server.close();

      const same = await startServer({ db, catalog: products });
      expect((await same.call('GET', '/v2/catalog')).body.version).toBe(1);
      await same.server.close();

      const rules = [{ id: 'R1', state: 'InDelivery', code: 'shipped', minPercent: 100, position: 1, active: true }];
      const changed = await startServer({ db, catalog: [...products, { ...products[0]!, sku: 'X2' }], rules });
      expect((await changed.call('GET', '/v2/catalog')).body.version).toBe(2);
      expect((await changed.call('GET', '/v2/order-state-rules')).body).toEqual({ rules, version: 2 });
      await changed.server.close();
    } finally {
      cleanup();
    }
  });

  it('reads seed files as an array or an object', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'catalog.json'), JSON.stringify({ products: DEFAULT_CATALOG }));
      writeFileSync(join(dir, 'rules.json'), JSON.stringify(DEFAULT_RULES));
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ products: [{ sku: 'A' }] }));
      expect(readCatalogFile(join(dir, 'catalog.json'))).toEqual(DEFAULT_CATALOG);
      expect(readRulesFile(join(dir, 'rules.json'))).toEqual(DEFAULT_RULES);
      expect(() => readCatalogFile(join(dir, 'bad.json'))).toThrow(/bad\.json/);
      writeFileSync(join(dir, 'broken.json'), '{"products": [');
      expect(() => readCatalogFile(join(dir, 'broken.json'))).toThrow(/broken\.json: not a readable JSON file/);
    } finally {
      cleanup();
    }
  });
});

function isValidEan13(code: string): boolean {
  if (!/^\d{13}$/.test(code)) return false;
  const sum = [...code.slice(0, 12)].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === Number(code[12]);
}
