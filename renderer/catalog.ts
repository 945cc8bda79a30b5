/**
 * A small built-in product list until the catalog sync exists. Prices in minor units (EUR cents).
 */
export interface Product {
  sku: string;
  /** EAN-13 the barcode scanner types. */
  barcode: string;
  name: string;
  unitPrice: number;
}

export const builtInProducts: readonly Product[] = [
  { sku: 'COF-250', barcode: '4006381333931', name: 'Coffee beans 250 g', unitPrice: 1250 },
  { sku: 'TEA-100', barcode: '4006381333948', name: 'Green tea 100 g', unitPrice: 690 },
  { sku: 'MUG-01', barcode: '4006381333955', name: 'Stoneware mug', unitPrice: 899 },
  { sku: 'FLT-02', barcode: '4006381333962', name: 'Paper filters ×100', unitPrice: 375 },
  { sku: 'GRN-10', barcode: '4006381333979', name: 'Hand grinder', unitPrice: 4490 },
  { sku: 'CHO-70', barcode: '4006381333986', name: 'Dark chocolate 70 %', unitPrice: 329 },
];

/** The product a scanned barcode or a typed SKU names (SKU case-insensitive), if any. */
export function findProduct(code: string, products: readonly Product[] = builtInProducts): Product | undefined {
  const wanted = code.trim().toUpperCase();
  if (!wanted) return undefined;
  return products.find((p) => p.barcode === wanted || p.sku.toUpperCase() === wanted);
}
