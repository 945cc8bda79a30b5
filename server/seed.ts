import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { OrderStateRule, Product } from '../common/backend-api.ts';
import { publishCatalog, replaceRules } from './mutations.ts';
import type { Store } from './store/index.ts';

/**
 * A café counter's catalog, in EUR. A1 carries the example EAN-13 of API.md; the others use the
 * 20–29 prefix that GS1 reserves for a shop's own, in-store codes (check digits valid).
 */
export const DEFAULT_CATALOG: Product[] = [
  { sku: 'A1', name: 'Coffee', price: 250, currency: 'EUR', barcode: '4006381333931' },
  { sku: 'A2', name: 'Espresso', price: 220, currency: 'EUR', barcode: '2000000000015' },
  { sku: 'A3', name: 'Cappuccino', price: 320, currency: 'EUR', barcode: '2000000000022' },
  { sku: 'A4', name: 'Latte', price: 350, currency: 'EUR', barcode: '2000000000039' },
  { sku: 'A5', name: 'Tea', price: 240, currency: 'EUR', barcode: '2000000000046' },
  { sku: 'A6', name: 'Orange juice', price: 390, currency: 'EUR', barcode: '2000000000053' },
  { sku: 'A7', name: 'Still water', price: 180, currency: 'EUR', barcode: '2000000000060' },
  { sku: 'B1', name: 'Croissant', price: 230, currency: 'EUR', barcode: '2000000000077' },
  { sku: 'B2', name: 'Pain au chocolat', price: 260, currency: 'EUR', barcode: '2000000000084' },
  { sku: 'B3', name: 'Blueberry muffin', price: 290, currency: 'EUR', barcode: '2000000000091' },
  { sku: 'C1', name: 'Ham sandwich', price: 590, currency: 'EUR', barcode: '2000000000107' },
  { sku: 'C2', name: 'Garden salad', price: 750, currency: 'EUR', barcode: '2000000000114' },
];

/** The rules of SPEC.md §6's worked example. */
export const DEFAULT_RULES: OrderStateRule[] = [
  { id: 'R1', state: 'InDelivery', code: 'dispatched', minPercent: 50, position: 1, active: true },
  { id: 'R2', state: 'Delayed', code: 'delayed', minPercent: 25, position: 2, active: true },
  { id: 'R3', state: 'Delivered', code: 'delivered', minPercent: 100, position: 3, active: true },
];

/**
 * At start: a new database gets the defaults; a given catalog or rule set replaces what is
 * stored when it differs (a new version, announced on the changes feed); otherwise nothing moves.
 */
export function seedReferenceData(store: Store, seeds: { catalog?: Product[]; rules?: OrderStateRule[] }): void {
  store.sqlite.transaction(() => {
    const catalog = seeds.catalog ?? (store.catalog.catalogVersion() === 0 ? DEFAULT_CATALOG : undefined);
    if (catalog && JSON.stringify(catalog) !== JSON.stringify(store.catalog.products())) publishCatalog(store, catalog);
    const rules = seeds.rules ?? (store.catalog.rulesVersion() === 0 ? DEFAULT_RULES : undefined);
    if (rules && JSON.stringify(inStoredOrder(rules)) !== JSON.stringify(store.catalog.rules())) replaceRules(store, rules);
  })();
}

/** Rules as the store lists them: by position, then id. */
function inStoredOrder(rules: OrderStateRule[]): OrderStateRule[] {
  return [...rules].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Seed files hold `{"products": [...]}` / `{"rules": [...]}`, or just the array. */
export function readCatalogFile(path: string): Product[] {
  return readSeedFile(path, 'products', Product);
}

export function readRulesFile(path: string): OrderStateRule[] {
  return readSeedFile(path, 'rules', OrderStateRule);
}

function readSeedFile<T extends z.ZodType>(path: string, field: string, item: T): z.output<T>[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`);
  }
  const schema = z.union([z.array(item), z.object({ [field]: z.array(item) }).transform((file) => file[field] ?? [])]);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data as z.output<T>[];
}
