import { describe, expect, it } from 'vitest';
import { saleOverrode, serverFinal } from '../../main/sync/sync-problems.ts';
import { i18nFor } from '../use-i18n.ts';
import { notificationText } from './notification-text.ts';

const inSpanish = i18nFor('es');

describe('notification text', () => {
  it('says in the staff’s language that the terminal runs from a backup copy, with the main process’s detail', () => {
    const detail = 'Started from the backup copy of 2026-12-01T08:00:00.000Z: … New receipts are numbered TILL1RT3KX9Q-…';
    expect(notificationText(inSpanish, { kind: 'restored_copy', orderNumber: null, state: null, message: detail })).toEqual({
      headline: 'Este terminal se inició desde una copia de seguridad: lo hecho aquí después de la copia no está en él y los tickets siguen en una serie nueva.',
      detail,
    });
  });

  it('says the restored copy’s moment and new series in the staff’s words when the notice names them', () => {
    const detail = { code: 'restored_copy', params: { takenAt: '2026-12-01T08:00:00.000Z', prefix: 'TILL1RT3KX9Q' }, message: 'Started from the backup copy of …' };
    const text = notificationText(i18nFor('ru'), { kind: 'restored_copy', orderNumber: null, state: null, message: detail.message, detail }).detail ?? '';
    const when = new Date(detail.params.takenAt).toLocaleString('ru', { dateStyle: 'medium', timeStyle: 'short' });
    expect(text).toBe(`Копия сделана ${when}; заказы, которые уже были на сервере, вернутся при следующей синхронизации. Новые чеки нумеруются TILL1RT3KX9Q-…`);
    expect(text).not.toContain('2026-12-01T');
  });

  it('names the order and its state for an order-state change, and shows an unknown kind as the main process wrote it', () => {
    expect(notificationText(inSpanish, { kind: 'orderState', orderNumber: '1042', state: 'Delayed', message: 'x' })).toEqual({ headline: 'Pedido n.º 1042: Retrasado', detail: null });
    expect(notificationText(inSpanish, { kind: 'future_kind', orderNumber: null, state: null, message: 'As written' })).toEqual({ headline: 'As written', detail: null });
  });

  it('says a sync notice’s detail in the staff’s words when it names its problem, amounts in the reader’s format', () => {
    const blocked = serverFinal('Done', { minor: 300, currency: 'EUR' });
    const told = notificationText(inSpanish, { kind: 'sync_blocked', orderNumber: '1042', state: null, message: blocked.message, detail: blocked });
    expect(told.headline).toBe('El pedido n.º 1042 está bloqueado');
    expect(told.detail?.replace(/[\u00a0\u202f]/g, ' ')).toBe('El pedido se completó en otro lugar mientras este terminal tiene 3,00 € en pagos: devuélvalos aquí.');
    const overrode = saleOverrode('T1-000042', [
      { sku: 'C2', name: 'Tea', change: 'changed' },
      { sku: 'A2', name: 'Espresso', change: 'added' },
    ]);
    expect(overrode.message).toBe('Sale T1-000042 kept its lines over changes made elsewhere: line C2 (Tea) changed elsewhere; line A2 (Espresso) added elsewhere');
    expect(notificationText(i18nFor('ru'), { kind: 'sale_overrode', orderNumber: '7', state: null, message: overrode.message, detail: overrode }).detail).toBe(
      'Продажа T1-000042 сохранила позиции такими, как они были проданы; изменения, сделанные в другом месте в C2 (Tea), A2 (Espresso), отменены.',
    );
    // Stored before notices named their problem: the main process's sentence.
    expect(notificationText(inSpanish, { kind: 'sync_blocked', orderNumber: '1042', state: null, message: 'as written', detail: null }).detail).toBe('as written');
  });
});
