import { z } from 'zod';
import { nonNegativeMinor } from './money.ts';
import { foldText } from './fold.ts';

/** A product as the counter sells it: price in the terminal's currency, minor units. */
export const ProductView = z.object({
  sku: z.string(),
  name: z.string(),
  unitPrice: nonNegativeMinor,
  /** The EAN a barcode scanner types, when the product has one. */
  barcode: z.string().nullable(),
});
export type ProductView = z.infer<typeof ProductView>;

export const CatalogView = z.object({
  /** The server's catalog version this terminal holds; null before the first sync (built-in demo products). */
  version: z.number().int().nullable(),
  products: z.array(ProductView),
});
export type CatalogView = z.infer<typeof CatalogView>;

/** The product a scanned barcode or a typed SKU names (SKU case-insensitive), if any. */
export function findProduct(code: string, products: readonly ProductView[]): ProductView | undefined {
  const wanted = code.trim().toUpperCase();
  if (!wanted) return undefined;
  return products.find((p) => p.barcode === wanted || p.sku.toUpperCase() === wanted);
}

/** Products whose name, SKU or barcode contains what was typed (case- and accent-insensitive). */
export function matchProducts(text: string, products: readonly ProductView[]): readonly ProductView[] {
  const wanted = foldText(text.trim());
  if (!wanted) return products;
  return products.filter((p) => foldText(p.name).includes(wanted) || foldText(p.sku).includes(wanted) || (p.barcode ?? '').startsWith(wanted));
}
