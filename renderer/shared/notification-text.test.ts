import { describe, expect, it } from 'vitest';
import { translate } from '../i18n.ts';
import { notificationText } from './notification-text.ts';

const inSpanish = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('es', key, vars);

describe('notification text', () => {
  it('says in the staff’s language that the terminal runs from a backup copy, with the main process’s detail', () => {
    const detail = 'Started from the backup copy of 2026-12-01T08:00:00.000Z: … New receipts are numbered TILL1RT3KX9Q-…';
    expect(notificationText(inSpanish, { kind: 'restored_copy', orderNumber: null, state: null, message: detail })).toEqual({
      headline: 'Este terminal se inició desde una copia de seguridad: lo hecho aquí después de la copia no está en él y los tickets siguen en una serie nueva.',
      detail,
    });
  });

  it('names the order and its state for an order-state change, and shows an unknown kind as the main process wrote it', () => {
    expect(notificationText(inSpanish, { kind: 'orderState', orderNumber: '1042', state: 'Delayed', message: 'x' })).toEqual({ headline: 'Pedido n.º 1042: Retrasado', detail: null });
    expect(notificationText(inSpanish, { kind: 'future_kind', orderNumber: null, state: null, message: 'As written' })).toEqual({ headline: 'As written', detail: null });
  });
});
