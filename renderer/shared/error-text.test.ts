import { describe, expect, it } from 'vitest';
import { i18nFor } from '../use-i18n.ts';
import { errorText } from './error-text.ts';

const eur = (minor: number) => ({ minor, currency: 'EUR' });
/** Intl puts no-break spaces in amounts: compared as plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('a refusal in the staff’s language', () => {
  it('fills the words for its code with what it names, amounts in the reader’s format', () => {
    const error = { code: 'overpayment', message: 'amount €999.00 exceeds the balance due €14.50; …', params: { amount: eur(99900), due: eur(1450) } };
    expect(plain(errorText(i18nFor('ru'), error))).toBe('999,00 € — больше, чем к оплате (14,50 €); сверх суммы можно принять только наличные.');
    expect(plain(errorText(i18nFor('es'), error))).toBe('999,00 € supera lo pendiente (14,50 €); solo en efectivo se puede entregar más.');
    expect(errorText(i18nFor('en'), error)).toBe('€999.00 is more than the €14.50 due; only cash may be handed over above it.');
  });

  it('takes the words for its reason when it gives one', () => {
    expect(errorText(i18nFor('es'), { code: 'forbidden', message: 'pin: wrong admin PIN', params: { reason: 'wrong_pin' } })).toBe('PIN de administrador incorrecto.');
    expect(errorText(i18nFor('ru'), { code: 'forbidden', message: 'pin: too many…', params: { reason: 'locked_out', seconds: 30 } })).toBe(
      'Слишком много неверных PIN: попробуйте снова через 30 с.',
    );
    expect(errorText(i18nFor('es'), { code: 'order_final', message: 'the server made order #42 final…', params: { reason: 'no_retry', order: 42 } })).toBe(
      'El servidor cerró el pedido n.º 42 y volvería a rechazarlo: devuelva lo que tiene o acepte el pedido del servidor.',
    );
    // A forbidden without a reason has no words of its own here.
    expect(errorText(i18nFor('ru'), { code: 'forbidden', message: 'something else' })).toBe('something else');
  });

  it('keeps the terminal’s sentence for a code without words, or when the words need what it did not name', () => {
    expect(errorText(i18nFor('ru'), { code: 'not_found', message: 'order x does not exist on this terminal' })).toBe('order x does not exist on this terminal');
    // invalid_tendered's words name two amounts; its other case (tendered on a card) names none.
    expect(errorText(i18nFor('es'), { code: 'invalid_tendered', message: '"tendered" applies to cash only, not card' })).toBe('"tendered" applies to cash only, not card');
  });
});
