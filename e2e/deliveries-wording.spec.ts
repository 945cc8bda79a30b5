import { deliveryOrder, localTime } from './deliveries-helpers.ts';
import { call, expect, test } from './fixtures.ts';

/** What the deliveries screen says: refusals in the language chosen after them, and a state that starts ahead of now. */

const INTERNAL = {
  en: 'The terminal failed to do this (an internal error): try again; if it happens again, note the time and tell support.',
  es: 'El terminal no pudo hacerlo (error interno): inténtelo de nuevo; si vuelve a ocurrir, anote la hora y avise a soporte.',
  ru: 'Терминалу не удалось это сделать (внутренняя ошибка): попробуйте снова; если повторится, запишите время и сообщите в поддержку.',
} as const;

test('a refusal of the search, the timeline or the notifications reads in the language the staff switch to', async ({ app, terminal }) => {
  const order = await deliveryOrder(terminal, 'Lucía Navarro', ['SEUR4471', 'SEUR4472']);
  const sqlite = terminal.ctx.sqlite;
  // The terminal fails to read each part in turn, as a damaged table would make it: each read is refused.
  sqlite.exec('alter table notifications rename to notifications_away');
  await app.getByTestId('tab-deliveries').click();
  const notificationsError = app.locator('section.notifications').getByTestId('error');
  await expect(notificationsError).toHaveText(INTERNAL.en);

  await app.getByTestId('shipment-search').fill('SEUR4471');
  await app.getByTestId('order-hit').click();
  const timeline = app.getByTestId('timeline');
  await expect(timeline.getByTestId('shipment')).toHaveCount(2);
  sqlite.exec('alter table order_state_history rename to order_state_history_away');
  // The order changes elsewhere: the timeline reads it again, and is refused.
  await call(terminal, 'orders.setCustomer', { orderClientId: order.clientId, customer: { name: 'Lucía Navarro Gil' } });
  const timelineError = timeline.getByTestId('error');
  await expect(timelineError).toHaveText(INTERNAL.en);

  sqlite.exec('alter table shipping_index_fts rename to shipping_index_fts_away');
  await app.getByTestId('shipment-search').fill('Navarro');
  const searchError = app.locator('.deliveries > aside > [data-testid="error"]');
  await expect(searchError).toHaveText(INTERNAL.en);

  const language = app.locator('label.lang select');
  for (const lang of ['ru', 'es', 'en'] as const) {
    await language.selectOption(lang);
    await expect(notificationsError).toHaveText(INTERNAL[lang]);
    await expect(timelineError).toHaveText(INTERNAL[lang]);
    await expect(searchError).toHaveText(INTERNAL[lang]);
  }
});

test('a notice dated ahead makes a state that starts then: the timeline says “from” that time, not “since … – now”', async ({ app, terminal }) => {
  await deliveryOrder(terminal, 'Rosa Vidal', ['SEUR5501', 'SEUR5502']);
  await app.getByTestId('tab-deliveries').click();
  await app.getByTestId('shipment-search').fill('SEUR5501');
  await app.getByTestId('order-hit').click();
  const timeline = app.getByTestId('timeline');
  const form = timeline.getByTestId('add-notice');
  await form.getByTestId('notice-code').fill('dispatched');
  // Six hours ahead: within the day ahead the terminal takes (a carrier's planned time, a clock ahead).
  await form.getByTestId('notice-at').fill(localTime(new Date(Date.now() + 6 * 3_600_000)));
  await form.getByTestId('notice-add').click();
  const entry = timeline.getByTestId('history-entry');
  await expect(entry).toHaveAttribute('data-state', 'InDelivery');
  await expect(timeline.getByTestId('state-badge').first()).toHaveText('In delivery');

  await expect(entry).toHaveText(/^In delivery\s*from \S/);
  await expect(entry).not.toContainText('now');
  await expect(entry).not.toContainText('–');
  const since = timeline.getByTestId('current-since');
  await expect(since).toHaveText(/^from \S/);

  const language = app.locator('label.lang select');
  await language.selectOption('es');
  await expect(since).toHaveText(/^a partir de \S/);
  await expect(entry).not.toContainText('ahora');
  await language.selectOption('ru');
  await expect(since).toHaveText(/^начиная с \S/);
  await expect(entry).not.toContainText('сейчас');
});
