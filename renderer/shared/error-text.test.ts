import { describe, expect, it } from 'vitest';
import { languages, strings } from '../i18n.ts';
import { REFUSAL_CODES, REFUSALS, refusal as refusalOf, type RefusalCode } from '../../common/refusals.ts';
import { checkLine, totalOf } from '../../main/orders/order-lines.ts';
import { i18nFor } from '../use-i18n.ts';
import { DomainError, notFound } from '../../main/errors.ts';
import { assertOrderMove } from '../../main/orders/order-status.ts';
import * as sync from '../../main/sync/sync-problems.ts';
import { cardProblemText, errorText, syncProblemText, syncProblemTooltip } from './error-text.ts';

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
    // A forbidden with a reason that has no words of its own takes the code's.
    expect(errorText(i18nFor('ru'), { code: 'forbidden', message: 'something else', params: { reason: 'other' } })).toBe('Здесь это не разрешено.');
  });

  it('keeps the terminal’s sentence for a code without words, or when the words need what it did not name', () => {
    expect(errorText(i18nFor('ru'), { code: 'unexplained', message: 'order x does not exist on this terminal' })).toBe('order x does not exist on this terminal');
    // invalid_tendered's words name two amounts.
    expect(errorText(i18nFor('es'), { code: 'invalid_tendered', message: 'cash tendered €1.00 is less than …' })).toBe('cash tendered €1.00 is less than …');
  });
});

describe('refusals that name a thing or a status', () => {
  const refusal = (fn: () => void): DomainError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof DomainError) return error;
    }
    throw new Error('no refusal');
  };

  it('says what was not found, and names statuses by their labels', () => {
    expect(errorText(i18nFor('es'), notFound('order', 'o-1'))).toBe('Este pedido no está en este terminal.');
    expect(errorText(i18nFor('ru'), notFound('payment_attempt', 'a-1'))).toBe('Этого списания с карты нет на этом терминале.');
    expect(errorText(i18nFor('ru'), refusal(() => assertOrderMove('InDelivery', 'InProgress', 'o-1')))).toBe('Заказ в статусе «В доставке» нельзя перевести в статус «Оформляется».');
    expect(errorText(i18nFor('es'), { code: 'no_change', message: 'order o-1 is already Delayed', params: { status: 'Delayed' } })).toBe('El pedido ya está «Retrasado».');
    expect(errorText(i18nFor('es'), { code: 'locked', message: 'currency: is set by POS_CURRENCY …', params: { field: 'currency', by: 'POS_CURRENCY' } })).toBe(
      '«Moneda de los pedidos nuevos» se fijó al iniciar este terminal (POS_CURRENCY): cámbielo allí.',
    );
    expect(errorText(i18nFor('ru'), { code: 'order_final', message: 'order o-1 is sold and closed (Done); …', params: { reason: 'closed_here' } })).toBe(
      'Этот заказ продан и закрыт: его больше нельзя изменить.',
    );
    // Something not found that has no words of its own (from a newer terminal): the code's.
    expect(errorText(i18nFor('es'), { code: 'not_found', message: 'widget w-1 does not exist on this terminal', params: { reason: 'widget' } })).toBe(
      'Esto ya no está en este terminal.',
    );
  });

  it('names the line or the other order a refusal is about', () => {
    const line = { lineId: 'l1', sku: 'TEA-01', name: 'Tea', qty: 2, unitPrice: 100, discount: 500 };
    expect(errorText(i18nFor('ru'), refusal(() => checkLine(line)))).toBe('Скидка на TEA-01 больше стоимости позиции.');
    expect(errorText(i18nFor('es'), refusal(() => checkLine({ ...line, qty: 1e9, unitPrice: 1e9, discount: 0 })))).toBe(
      'La línea TEA-01 vale demasiado (cantidad × precio): reduzca la cantidad.',
    );
    expect(errorText(i18nFor('es'), refusal(() => totalOf([{ ...line, qty: 90_000, unitPrice: 90_000_000, discount: 0 }, { ...line, qty: 90_000, unitPrice: 90_000_000, discount: 0 }])))).toBe(
      'El total del pedido es demasiado grande: divídalo en dos pedidos.',
    );
  });
});

describe('every refusal has words', () => {
  it('in every language, for each code a command can be refused with', () => {
    for (const code of REFUSAL_CODES) {
      for (const lang of languages) expect(strings[lang][`error.${code}` as keyof typeof strings.en], `${lang} error.${code}`).toBeTruthy();
    }
  });

  it('and no words wait for a code or a reason nothing sends', () => {
    const orphans = Object.keys(strings.en)
      .filter((key) => key.startsWith('error.'))
      .filter((key) => {
        const [, code, reason] = key.split('.') as [string, string, string | undefined];
        const variants = Object.hasOwn(REFUSALS, code) ? REFUSALS[code as RefusalCode] : undefined;
        return !variants || (reason !== undefined && !Object.hasOwn(variants, reason) && !Object.hasOwn(variants, '*'));
      });
    expect(orphans).toEqual([]);
  });

  it('whose words use only what the refusal names (common/refusals.ts), so none falls back to English', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!);
    const missing: string[] = [];
    for (const code of REFUSAL_CODES) {
      for (const [reason, names] of Object.entries(REFUSALS[code])) {
        // A refusal's words: its reason's when it gives one with words, else the code's. Any
        // reason (`*`) may take either, so both must do with what it names.
        const own = `error.${code}.${reason}`;
        const keys = reason === '_' ? [`error.${code}`] : reason === '*' ? [`error.${code}`, ...Object.keys(strings.en).filter((k) => k.startsWith(`error.${code}.`) && !Object.hasOwn(REFUSALS[code], k.split('.')[2]!))] : [Object.hasOwn(strings.en, own) ? own : `error.${code}`];
        for (const lang of languages) {
          for (const key of keys) {
            const text = strings[lang][key as keyof typeof strings.en];
            for (const name of placeholders(text)) if (!Object.hasOwn(names, name)) missing.push(`${lang} ${key} ({${name}}) for ${code}/${reason}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('says when a notice dated long before its order was taken, as a date in the staff’s language', () => {
    const refused = refusalOf('bad_time', 'a notice cannot be dated …', { reason: 'before_order', createdAt: '2026-12-02T09:15:00.000Z' });
    const when = new Date('2026-12-02T09:15:00.000Z').toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    expect(errorText(i18nFor('en'), refused)).toBe(`A notice cannot be dated more than a day before its order was taken (${when}): check the year.`);
  });

  it('says an internal failure and a lost bridge in the staff’s language, not the exception', () => {
    const internal = refusalOf('internal', 'orders.create failed unexpectedly: SqliteError: disk I/O error');
    expect(errorText(i18nFor('ru'), internal)).toBe(
      'Терминалу не удалось это сделать (внутренняя ошибка): попробуйте снова; если повторится, запишите время и сообщите в поддержку.',
    );
    expect(errorText(i18nFor('es'), refusalOf('bridge', 'Error: An object could not be cloned.'))).toBe(
      'La pantalla no pudo contactar con el terminal: compruebe si se hizo antes de reintentar.',
    );
  });
});

describe('why sync is held up, in the staff’s language', () => {
  it('says each problem the sync engine records, with the facts it names, amounts in the reader’s format', () => {
    const ru = i18nFor('ru');
    const es = i18nFor('es');
    expect(syncProblemText(ru, sync.serverBusy(503))).toBe('Сервер ответил 503 (занят или недоступен); попытка повторится сама.');
    expect(syncProblemText(es, sync.noAnswer('TypeError: fetch failed (ECONNREFUSED)'))).toBe(
      'No se puede contactar con el servidor; se volverá a intentar solo.',
    );
    expect(plain(syncProblemText(ru, sync.serverFinal('Deleted', eur(250))))).toBe(
      'Заказ удалён на сервере, а на этом терминале по нему оплачено 2,50 €; деньги учтены здесь — верните их или обратитесь в бэк-офис.',
    );
    expect(plain(syncProblemText(es, sync.doubleSale(eur(100), 'sale exists')))).toBe(
      'Otro terminal ya vendió este pedido: puede que el cliente haya pagado dos veces. Devuelva 1,00 € aquí.',
    );
    expect(syncProblemText(ru, sync.serverFinal('Done', eur(0)))).toContain('Заказ завершён в другом месте; изменения, сделанные здесь, не отправлены');
    // An outbox kind is named by its label.
    expect(syncProblemText(es, sync.lockedRefusal('update', 'locked', 'busy'))).toBe('El servidor lo rechazó: Actualizar pedido (locked) — busy');
    expect(syncProblemText(ru, sync.rebased(7, ['customer']))).toBe(
      'Заказ изменён и в другом месте: объединён с версией сервера 7 и отправлен снова; где обе стороны изменили одно и то же, оставлено изменение этого терминала.',
    );
    expect(syncProblemText(es, sync.unexpectedAnswer({ what: 'order', serverId: 42 }, 500))).toBe('Respuesta inesperada del servidor al traer el pedido n.º 42.');
  });

  it('says a network error or an exception plainly, its own text kept for support in the tooltip; a server’s refusal sentence stays', () => {
    const network = 'NetworkError: Request failed due to a network error: POST http://127.0.0.1:18931/v2/orders (ECONNREFUSED)';
    const ru = i18nFor('ru');
    expect(syncProblemText(ru, sync.noAnswer(network))).toBe('Сервер недоступен; попытка повторится сама.');
    expect(syncProblemText(i18nFor('en'), sync.noAnswer(network))).toBe('The server cannot be reached; it is tried again by itself.');
    expect(syncProblemTooltip(ru, sync.noAnswer(network))).toContain('ECONNREFUSED');
    const technical = [
      sync.noAnswer(network), sync.pullNoAnswer(network), sync.pullFailed(`Error: ${network}`), sync.requestUnbuildable('TypeError: x is undefined'),
      sync.tokenRefused('HTTP 401'), sync.refused('malformed_response', 'server answered 200 with an unexpected body: lines.0.qty: expected number'),
      sync.refusedNotice('update', 'malformed_response', 'server answered 200 with a body that is not JSON'),
      sync.unexpectedAnswer({ what: 'pull' }, 500, 'cursor: Required'), sync.unexpectedAnswer({ what: 'rules', path: '/v2/order-state-rules' }, network),
    ];
    for (const problem of technical) {
      const detail = String(problem.params?.detail ?? problem.params?.answer);
      for (const lang of languages) {
        const text = syncProblemText(i18nFor(lang), problem);
        expect(text, `${lang} ${problem.code}`).not.toContain(detail);
        expect(text, `${lang} ${problem.code}`).not.toMatch(/Error|HTTP|http:|\d{3}/);
        expect(syncProblemTooltip(i18nFor(lang), problem), `${lang} ${problem.code}`).toContain(detail);
      }
    }
    // The server's own sentence says what it refused: it stays on screen, and nothing is hidden.
    const refused = sync.refused('shipment_conflict', 'tracking number TR-1 belongs to order 7');
    expect(syncProblemText(ru, refused)).toBe('Сервер отклонил изменение (shipment_conflict): tracking number TR-1 belongs to order 7');
    expect(syncProblemTooltip(ru, refused)).toBeUndefined();
    expect(syncProblemTooltip(ru, sync.serverBusy(503))).toBeUndefined();
  });

  it('has words for every problem the sync panel, an order or a notice can show, in every language', () => {
    const shown = [
      sync.noAnswer('x'), sync.serverBusy(502), sync.stillProcessing(), sync.tokenRefused('x'), sync.refused('bad', 'x'), sync.refused('malformed_response', 'x'),
      sync.lockedRefusal('sale', 'x', 'y'), sync.orderFinal('x'), sync.requestMissing(3), sync.requestUnbuildable('x'), sync.resentOverOlder(1, 2),
      sync.rebased(1, []), sync.rebased(1, ['lines']), sync.retriedByStaff(), sync.discardedByStaff(), sync.serverFinal('Deleted', eur(0)),
      sync.serverFinal('Done', eur(0)), sync.serverFinal('Deleted', eur(1)), sync.serverFinal('Done', eur(1)), sync.doubleSale(eur(1)),
      sync.pullNoAnswer('x'), sync.pullFailed('x'), sync.badCursor(), sync.unexpectedAnswer({ what: 'pull' }, 500, 'x'), sync.unexpectedAnswer({ what: 'order', serverId: 42 }, 404),
      sync.unexpectedAnswer({ what: 'catalog', path: '/v2/catalog' }, 500), sync.unexpectedAnswer({ what: 'rules', path: '/v2/order-state-rules' }, 'timeout'),
      sync.saleOverrode('T1-1', [{ sku: 'A', name: 'a', change: 'added' }]),
      sync.overtakenDeletion(), sync.saleVoided('deleted'), sync.saleVoided('sold_elsewhere'), sync.refusedNotice('update', 'bad', 'x'), sync.refusedNotice('update', 'malformed_response', 'x'),
      sync.answerUnrecorded('update', 'x'), sync.serverFinal('Deleted', eur(0), undefined, eur(1)), sync.serverFinal('Done', eur(0), undefined, eur(1)),
      sync.soldElsewhere(), sync.soldElsewhere(eur(1)), sync.otherOrderAnswer('create', 42, 'c'), sync.changeSkipped('x'), sync.changeSkipped('x', '42'),
    ];
    // Not here: `superseded`, the reason an operation was cancelled, which no screen lists.
    for (const problem of shown) {
      const reason = problem.params?.reason;
      const key = `syncProblem.${problem.code}${typeof reason === 'string' ? `.${reason}` : ''}`;
      expect(Object.hasOwn(strings.en, key), key).toBe(true);
      for (const lang of ['en', 'ru', 'es'] as const) {
        const text = syncProblemText(i18nFor(lang), problem);
        // The words, not the sentence (English words may be the sentence itself).
        if (lang !== 'en') expect(text, `${lang} ${problem.code}`).not.toBe(problem.message);
        expect(text, `${lang} ${problem.code}`).not.toMatch(/\{\w+\}/);
      }
    }
  });

  it('says an unresolved card charge and a void sale, numbers in the reader’s format', () => {
    expect(cardProblemText(i18nFor('ru'), { code: 'no_answer', params: { seconds: 0.3 }, message: 'no answer from the card terminal within 300 ms' })).toBe('нет ответа за 0,3 с');
    expect(cardProblemText(i18nFor('es'), { code: 'interrupted', message: 'the terminal stopped while the charge was in progress' })).toBe('este terminal se detuvo durante el cobro');
    // A card terminal's own reason stays as it gave it.
    expect(cardProblemText(i18nFor('ru'), { code: 'driver_error', params: { detail: 'E42 reader fault' }, message: 'E42 reader fault' })).toBe('E42 reader fault');
    expect(errorText(i18nFor('es'), { code: 'payment_unknown', message: 'no answer …', params: { detail: 'no answer …', reason: 'timeout', seconds: 30 } })).toBe(
      'El datáfono no respondió en 30 s: el resultado es desconocido, concílielo antes de volver a cobrar.',
    );
    expect(syncProblemText(i18nFor('ru'), sync.saleVoided('sold_elsewhere'))).toBe('Другой терминал продал этот заказ; деньги, полученные здесь, возвращены.');
  });

  it('fills words with a detail that itself has braces', () => {
    expect(syncProblemText(i18nFor('es'), sync.refused('bad', 'field {x} is wrong'))).toBe('El servidor lo rechazó (bad): field {x} is wrong');
  });

  it('keeps the stored sentence for a reason stored before its facts were', () => {
    expect(syncProblemText(i18nFor('ru'), { code: 'unexplained', message: 'update: server answered 503' })).toBe('update: server answered 503');
  });
});
