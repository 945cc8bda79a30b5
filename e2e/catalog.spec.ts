import type { OrderView } from '../common/entities.ts';
import { eur, expect, newOrder, syncTest as test } from './fixtures.ts';

test("the counter sells from the server's catalog, found by scan or name; a new catalog replaces the grid as it arrives", async ({ app, terminal, server }) => {
  const orderId = await newOrder(app);
  const editor = app.getByTestId('order-editor');
  // The reference server's seeded café catalog, pulled at start (not the built-in demo list).
  await expect(editor.locator('[data-testid="product"][data-sku="B1"]')).toContainText('Croissant');
  await expect(editor.locator('[data-testid="product"][data-sku="COF-250"]')).toHaveCount(0);

  // A scanned EAN (digits, then Enter) adds its product; a name that leaves one product does too.
  await editor.getByTestId('sku-input').fill('2000000000077');
  await editor.getByTestId('sku-input').press('Enter');
  await expect(editor.locator('[data-testid="line"][data-sku="B1"]')).toBeVisible();
  await editor.getByTestId('sku-input').fill('sandw');
  await expect(editor.getByTestId('product')).toHaveCount(1);
  await editor.getByTestId('sku-input').press('Enter');
  await expect(editor.locator('[data-testid="line"][data-sku="C1"]')).toBeVisible();
  // A misread scan that is the start of a real code adds nothing.
  await editor.getByTestId('sku-input').fill('200000000007');
  await editor.getByTestId('sku-input').press('Enter');
  await expect(editor.getByTestId('error')).toContainText('200000000007');
  await expect(editor.getByTestId('order-total')).toHaveText(eur(230 + 590));

  // The back office publishes a new catalog; the next pull brings it to the grid.
  const published = await fetch(`${server.url}/__test/catalog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ products: [{ sku: 'D1', name: 'Churros', price: 310, currency: 'EUR', barcode: null }] }),
  });
  expect(published.status).toBe(200);
  await terminal.sync.puller.pullOnce();
  await expect(editor.getByTestId('product')).toHaveCount(1);
  await editor.locator('[data-testid="product"][data-sku="D1"]').click();
  await expect(editor.getByTestId('order-total')).toHaveText(eur(230 + 590 + 310));

  const stored = await terminal.dispatch('orders.get', { orderClientId: orderId });
  expect(stored.ok && (stored.value as OrderView).lines.map((l) => [l.sku, l.unitPrice])).toEqual([
    ['B1', 230],
    ['C1', 590],
    ['D1', 310],
  ]);
});
