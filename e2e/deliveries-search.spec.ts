import { deliveryOrder } from './deliveries-helpers.ts';
import { expect, syncTest } from './fixtures.ts';
import { serverIdOf } from './sync-helpers.ts';

/**
 * The deliveries search lists orders, not shipments: an order of five shipments is one row with
 * its shipments found under it, and an order's label typed as the screens show it ("Order #4",
 * "Pedido n.º 4", "Заказ №4") finds it as its number does. Orders get their numbers from the server.
 */
syncTest('an order is listed once with its shipments found under it, and is found by its label typed as shown, in each language', async ({ app, terminal }) => {
  // Addresses without digits: only the order numbers are numbers here.
  const big = await deliveryOrder(terminal, 'Rosa Vidal', ['SEUR8801', 'SEUR8802', 'SEUR8803', 'SEUR8804', 'SEUR8805'], 'SEUR', 'Rúa Nova, Lugo');
  const small = await deliveryOrder(terminal, 'Rosa Gil', ['GLS8901'], 'GLS', 'Gran Vía, Madrid');
  const id = await serverIdOf(terminal, big.clientId);
  await serverIdOf(terminal, small.clientId);

  await app.getByTestId('tab-deliveries').click();
  const search = app.getByTestId('shipment-search');
  const hits = app.getByTestId('order-hit');
  await search.fill('Rosa');
  await expect(hits).toHaveCount(2);
  await expect(hits.nth(0)).toHaveAttribute('data-order-id', small.clientId);
  const bigRow = hits.nth(1);
  await expect(bigRow).toHaveAttribute('data-order-id', big.clientId);
  await expect(bigRow.locator('strong')).toHaveText(`Order #${id}`);
  await expect(bigRow.getByTestId('hit-shipment')).toHaveText(['SEUR SEUR8801', 'SEUR SEUR8802', 'SEUR SEUR8803']);
  await expect(bigRow.getByTestId('hit-more')).toHaveText('…and 2 more shipments found');
  await expect(hits.nth(0).getByTestId('hit-shipment')).toHaveText(['GLS GLS8901']);
  await expect(hits.nth(0).getByTestId('hit-more')).toHaveCount(0);

  // One shipment's tracking number: its order alone, that shipment under it, and the notice form starts on it.
  await search.fill('SEUR8804');
  await expect(hits).toHaveCount(1);
  await expect(hits.getByTestId('hit-shipment')).toHaveText(['SEUR SEUR8804']);
  await hits.click();
  await expect(app.getByTestId('timeline').getByTestId('notice-shipment')).toHaveValue(big.delivery!.shipments[3]!.shipmentId);

  /** Types something found nowhere, then `typed`: the one row after it is this search's answer, not the last one's. */
  const findsTheOrder = async (typed: string, label: string) => {
    await search.fill('nobody here');
    await expect(app.getByTestId('no-hits')).toBeVisible();
    await search.fill(typed);
    await expect(hits, typed).toHaveCount(1);
    await expect(hits).toHaveAttribute('data-order-id', big.clientId);
    await expect(hits.locator('strong')).toHaveText(label);
    await expect(hits.getByTestId('hit-shipment')).toHaveCount(3);
  };
  for (const typed of [`Order #${id}`, `Order ${id}`, `order #${id}`, `#${id}`, String(id)]) await findsTheOrder(typed, `Order #${id}`);

  const language = app.locator('label.lang select');
  await language.selectOption('es');
  for (const typed of [`Pedido n.º ${id}`, `pedido ${id}`]) await findsTheOrder(typed, `Pedido n.º ${id}`);
  await expect(hits.getByTestId('hit-more')).toHaveText('…y 2 envíos más encontrados');
  await language.selectOption('ru');
  for (const typed of [`Заказ №${id}`, `заказ ${id}`]) await findsTheOrder(typed, `Заказ №${id}`);
  await expect(hits.getByTestId('hit-more')).toHaveText('…и ещё найдено отправлений: 2');
});
