import { expect, newOrder, syncTest } from './fixtures.ts';

/**
 * An order keeps the currency it was taken in. One taken by a terminal selling in pounds, pulled
 * here (selling in euros), is offered the products the server sells in pounds, at their prices in
 * pounds: never the euro prices read as pounds.
 */
syncTest('an order in another currency, taken by another terminal, is offered the products priced in its own currency', async ({ app, terminal, server }) => {
  await fetch(`${server.url}/__test/catalog`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ products: [{ sku: 'A1', name: 'Coffee', price: 250, currency: 'EUR' }, { sku: 'G1', name: 'Scone', price: 275, currency: 'GBP' }] }),
  });
  const taken = await fetch(`${server.url}/v2/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens['till-2']}`, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ clientId: crypto.randomUUID(), currency: 'GBP', lines: [], total: 0, customer: { name: 'Visitor from York' } }),
  });
  expect(taken.status).toBe(201);
  const { clientId } = (await taken.json()) as { clientId: string };
  await terminal.sync.puller.pullOnce();

  await app.locator(`[data-testid="order-row"][data-order-id="${clientId}"]`).click();
  const editor = app.getByTestId('order-editor');
  await expect(editor.getByTestId('product')).toHaveCount(1);
  await expect(editor.locator('[data-testid="product"][data-sku="G1"]')).toContainText('£2.75');
  await editor.locator('[data-testid="product"][data-sku="G1"]').click();
  await expect(app.locator(`[data-testid="order-row"][data-order-id="${clientId}"]`)).toContainText('£2.75');
  const order = (await terminal.dispatch('orders.get', { orderClientId: clientId })) as { ok: true; value: { currency: string; total: number; lines: Array<{ sku: string; unitPrice: number }> } };
  expect(order.value).toMatchObject({ currency: 'GBP', total: 275, lines: [{ sku: 'G1', unitPrice: 275 }] });

  // A new order here is in euros, offered the euro products.
  await newOrder(app);
  await expect(editor.getByTestId('product')).toHaveCount(1);
  await expect(editor.locator('[data-testid="product"][data-sku="A1"]')).toContainText('€2.50');
});
