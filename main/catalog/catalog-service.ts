import type { Product } from '../../common/backend-api.ts';
import type { CatalogView, ProductView } from '../../common/catalog.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

/** Where the pull keeps the server's catalog (sync/puller.ts `fetchCatalog`). */
export const CATALOG_SETTING = 'catalog';

/** Demo products for a terminal that has not reached its server yet (EUR cents). */
export const BUILT_IN_PRODUCTS: readonly ProductView[] = [
  { sku: 'COF-250', barcode: '4006381333931', name: 'Coffee beans 250 g', unitPrice: 1250 },
  { sku: 'TEA-100', barcode: '4006381333948', name: 'Green tea 100 g', unitPrice: 690 },
  { sku: 'MUG-01', barcode: '4006381333955', name: 'Stoneware mug', unitPrice: 899 },
  { sku: 'FLT-02', barcode: '4006381333962', name: 'Paper filters ×100', unitPrice: 375 },
  { sku: 'GRN-10', barcode: '4006381333979', name: 'Hand grinder', unitPrice: 4490 },
  { sku: 'CHO-70', barcode: '4006381333986', name: 'Dark chocolate 70 %', unitPrice: 329 },
];

/**
 * The products the counter sells: the server's catalog as last pulled (only those priced in
 * this terminal's currency), or the built-in demo products before the first sync.
 */
export function catalogView(settings: SettingsStore, currency: string): CatalogView {
  const stored = settings.get<{ version: number; products: Product[] }>(CATALOG_SETTING);
  if (!stored) return { version: null, products: [...BUILT_IN_PRODUCTS] };
  return {
    version: stored.version,
    products: stored.products
      .filter((p) => p.currency === currency)
      .map((p) => ({ sku: p.sku, name: p.name, unitPrice: p.price, barcode: p.barcode ?? null })),
  };
}
