import { describe, expect, it } from 'vitest';
import { ignoredSetting } from '../../main/settings/terminal-settings.ts';
import { stepStateOtherOrder } from '../../main/sync/sync-problems.ts';
import { syncProblemText, syncProblemTooltip } from '../shared/error-text.ts';
import { i18nFor } from '../use-i18n.ts';

/**
 * What the sync panel says of a pulled step state taken for neither order, and of a saved setting
 * the terminal left out at start, in each language: the words with what the problem names, never
 * the terminal's English sentence, and its technical detail kept for the tooltip.
 */
const notice = stepStateOtherOrder({ id: 'n-1', shipmentId: 'parcel-1', orderId: 1002 }, 1001);
const plainHttp = ignoredSetting('serverUrl', 'http://till:s3cret@shop.local:8080', 'must use https (http only to this machine: …)');
const invalid = ignoredSetting('currency', 'XYZ', 'is not a currency this terminal knows');

describe('the sync panel’s words', () => {
  it('say a step state naming another order than its shipment’s, with both orders', () => {
    expect(syncProblemText(i18nFor('en'), notice)).toBe(
      'A shipment’s status notice from the server names order #1002, but that shipment is on order #1001 here: it was taken for neither order, and waits until the server sends it right. If it stays so, tell support.',
    );
    expect(syncProblemText(i18nFor('es'), notice)).toContain('nombra el pedido n.º 1002, pero ese envío está aquí en el pedido n.º 1001');
    expect(syncProblemText(i18nFor('ru'), notice)).toContain('указывает заказ №1002, но на этом терминале отправление относится к заказу №1001');
    expect(syncProblemTooltip(i18nFor('ru'), notice)).toBe(notice.message);
  });

  it('say a saved plain-http server address left out, with the address and not the password it held', () => {
    expect(syncProblemText(i18nFor('en'), plainHttp)).toBe(
      'The saved server address http://shop.local:8080 is not used: plain http is allowed only to this machine (localhost, 127.x.x.x or [::1]), since every request carries this terminal’s token. The terminal uses the address it was started with; save an https address in Settings.',
    );
    expect(syncProblemText(i18nFor('es'), plainHttp)).toMatch(/^La dirección del servidor guardada http:\/\/shop\.local:8080 no se usa: http sin cifrar/);
    expect(syncProblemText(i18nFor('ru'), plainHttp)).toMatch(/^Сохранённый адрес сервера http:\/\/shop\.local:8080 не используется: обычный http/);
    for (const lang of ['en', 'es', 'ru'] as const) expect(syncProblemText(i18nFor(lang), plainHttp)).not.toContain('s3cret');
  });

  it('say any other saved setting left out by its label', () => {
    expect(syncProblemText(i18nFor('en'), invalid)).toBe('The saved “Currency of new orders” is not used: it is no longer valid. The terminal uses the value it was started with; save it again in Settings.');
    expect(syncProblemText(i18nFor('es'), invalid)).toMatch(/^«Moneda de los pedidos nuevos» guardado no se usa/);
    expect(syncProblemText(i18nFor('ru'), invalid)).toMatch(/^Сохранённое значение «Валюта новых заказов» не используется/);
    expect(syncProblemTooltip(i18nFor('es'), invalid)).toBe(invalid.message);
  });
});
