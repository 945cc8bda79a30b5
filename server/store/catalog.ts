import type { OrderStateRule, Product } from '../../common/backend-api.ts';
import type { Sqlite } from '../db/connection.ts';

interface ProductRow {
  sku: string;
  name: string;
  price: number;
  currency: string;
  barcode: string | null;
}

interface RuleRow {
  id: string;
  state: string;
  code: string;
  min_percent: number;
  position: number;
  active: number;
}

/** The catalog and the order-state rule set, each with its version. */
export function createCatalogStore(sqlite: Sqlite) {
  const products = sqlite.prepare<[], ProductRow>('SELECT sku, name, price, currency, barcode FROM products ORDER BY position');
  const clearProducts = sqlite.prepare('DELETE FROM products');
  const insertProduct = sqlite.prepare(
    'INSERT INTO products (sku, name, price, currency, barcode, position) VALUES (@sku, @name, @price, @currency, @barcode, @position)',
  );
  const rules = sqlite.prepare<[], RuleRow>('SELECT * FROM order_state_rules ORDER BY position, id');
  const clearRules = sqlite.prepare('DELETE FROM order_state_rules');
  const insertRule = sqlite.prepare(
    `INSERT INTO order_state_rules (id, state, code, min_percent, position, active)
     VALUES (@id, @state, @code, @minPercent, @position, @active)`,
  );
  const readSetting = sqlite.prepare<[string], { value: number }>('SELECT value FROM settings WHERE name = ?');
  const writeSetting = sqlite.prepare<[string, number]>(
    'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  );

  const version = (name: string) => readSetting.get(name)?.value ?? 0;
  const bump = (name: string) => {
    const next = version(name) + 1;
    writeSetting.run(name, next);
    return next;
  };

  return {
    products(): Product[] {
      return products.all();
    },
    catalogVersion: () => version('catalog_version'),
    /** Replaces the products (when given) and bumps the catalog version; returns the new version. */
    replaceProducts(next: Product[] | undefined): number {
      if (next) {
        clearProducts.run();
        next.forEach((product, position) => insertProduct.run({ ...product, position }));
      }
      return bump('catalog_version');
    },
    rules(): OrderStateRule[] {
      return rules.all().map((row) => ({
        id: row.id,
        state: row.state,
        code: row.code,
        minPercent: row.min_percent,
        position: row.position,
        active: row.active === 1,
      }));
    },
    rulesVersion: () => version('rules_version'),
    /** Replaces the rule set and bumps its version; returns the new version. */
    replaceRules(next: OrderStateRule[]): number {
      clearRules.run();
      for (const rule of next) insertRule.run({ ...rule, active: rule.active ? 1 : 0 });
      return bump('rules_version');
    },
  };
}

export type CatalogStore = ReturnType<typeof createCatalogStore>;
