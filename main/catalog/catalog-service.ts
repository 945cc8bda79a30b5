import type { Product } from '../../common/backend-api.ts';
import type { CatalogView, ProductView } from '../../common/catalog.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

/** Where the pull keeps the server's catalog (sync/pull-rules-catalog.ts `fetchCatalog`). */
export const CATALOG_SETTING = 'catalog';

/**
 * Demo products for a terminal that has not reached its server yet. They carry their currency
 * like the server's products, so a terminal selling in another currency is not offered them
 * (€12.50 of coffee must not become ¥1,250).
 */
export const BUILT_IN_PRODUCTS: readonly Product[] = [
  { sku: 'COF-250', barcode: '4006381333931', name: 'Coffee beans 250 g', price: 1250, currency: 'EUR' },
  { sku: 'TEA-100', barcode: '4006381333948', name: 'Green tea 100 g', price: 690, currency: 'EUR' },
  { sku: 'MUG-01', barcode: '4006381333955', name: 'Stoneware mug', price: 899, currency: 'EUR' },
  { sku: 'FLT-02', barcode: '4006381333962', name: 'Paper filters ×100', price: 375, currency: 'EUR' },
  { sku: 'GRN-10', barcode: '4006381333979', name: 'Hand grinder', price: 4490, currency: 'EUR' },
  { sku: 'CHO-70', barcode: '4006381333986', name: 'Dark chocolate 70 %', price: 329, currency: 'EUR' },
];

/**
 * The products the counter sells: the server's catalog as last pulled, or the built-in demo
 * products before the first sync; either way only those priced in `currency` (an order's own).
 */
export function catalogView(settings: SettingsStore, currency: string): CatalogView {
  const stored = settings.get<{ version: number; products: Product[] }>(CATALOG_SETTING);
  return {
    version: stored?.version ?? null,
    products: sellable(stored?.products ?? BUILT_IN_PRODUCTS, currency),
  };
}

/**
 * A product the server lists with a blank name is offered under its SKU: a line needs a name,
 * and the staff can still sell it (the back office's slip stays visible on the receipt).
 */
function sellable(products: readonly Product[], currency: string): ProductView[] {
  return products
    .filter((p) => p.currency === currency)
    .map((p) => ({ sku: p.sku, name: p.name.trim() === '' ? p.sku : p.name, unitPrice: p.price, barcode: p.barcode ?? null }));
}
