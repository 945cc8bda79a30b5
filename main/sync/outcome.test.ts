import { describe, expect, it } from 'vitest';
import { classify, otherOrderIn, retryAfterMs } from './outcome.ts';

const order = { id: 7, clientId: 'c', deviceId: 'till-1', status: 'InProgress', currency: 'EUR', lines: [], total: 0, customer: null, delivery: null, saleId: null, version: 3, createdAt: '2026-11-21T10:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z' };
const answer = (status: number, body: unknown, retryAfter: string | null = null) => ({ status, retryAfter, text: typeof body === 'string' ? body : JSON.stringify(body) });
const error = (code: string, extra: object = {}) => ({ error: { code, message: `because ${code}`, ...extra } });

describe('classify: what an answer means for an operation', () => {
  it('2xx with a valid order is done', () => {
    expect(classify('update', answer(200, order))).toMatchObject({ type: 'ok', order: { id: 7, version: 3 } });
    expect(classify('sale', answer(201, { order, sale: { id: 1, clientId: 's', orderId: 7, receiptNo: 'R', total: 0, transactions: [], createdAt: order.createdAt } }))).toMatchObject({ type: 'ok' });
    expect(classify('stepState', answer(201, { anything: true }))).toEqual({ type: 'ok', status: 201, order: null });
  });

  it('5xx, 429, 503 with Retry-After and 409 in progress are unknown outcomes to retry as they were', () => {
    expect(classify('create', answer(500, 'oops'))).toMatchObject({ type: 'unknown', retryAfterMs: null });
    expect(classify('create', answer(503, error('unavailable'), '2'))).toMatchObject({ type: 'unknown', retryAfterMs: 2000 });
    expect(classify('create', answer(429, '', '1'))).toMatchObject({ type: 'unknown', retryAfterMs: 1000 });
    expect(classify('create', answer(409, error('idempotency_key_in_progress')))).toMatchObject({ type: 'unknown' });
  });

  it('412 carries the current order to merge with; 423 and 409 sale_exists are definite locks', () => {
    expect(classify('update', answer(412, error('version_mismatch', { current: order })))).toMatchObject({ type: 'conflict', current: { version: 3 } });
    expect(classify('close', answer(423, error('sale_required')))).toEqual({ type: 'locked', status: 423, code: 'sale_required', message: 'because sale_required' });
    expect(classify('sale', answer(409, error('sale_exists')))).toMatchObject({ type: 'locked', code: 'sale_exists' });
  });

  it('other refusals and nonsense answers park the operation with the reason', () => {
    expect(classify('create', answer(422, error('total_mismatch')))).toMatchObject({ type: 'failed', code: 'total_mismatch' });
    expect(classify('create', answer(422, error('idempotency_key_reused')))).toMatchObject({ type: 'failed', code: 'idempotency_key_reused' });
    expect(classify('create', answer(200, '{"id": "x"'))).toMatchObject({ type: 'failed', code: 'malformed_response' });
    expect(classify('update', answer(200, { ...order, version: 'three' }))).toMatchObject({ type: 'failed', message: /version/ });
  });

  it('reads an error answer by its code, forgiving a missing message or a field of another shape, but not a missing code', () => {
    expect(classify('close', answer(423, { error: { code: 'sale_required' } }))).toEqual({ type: 'locked', status: 423, code: 'sale_required', message: 'sale_required' });
    expect(classify('create', answer(422, error('validation_failed', { field: null })))).toMatchObject({ type: 'failed', code: 'validation_failed' });
    expect(classify('create', answer(422, error('validation_failed', { field: 3 })))).toMatchObject({ type: 'failed', code: 'validation_failed' });
    expect(classify('create', answer(422, { error: { message: 'no code' } }))).toMatchObject({ type: 'failed', code: 'malformed_response', message: /error\.code/ });
    // `current` counts only on a 412: a 412 without a usable order is said as such.
    expect(classify('update', answer(422, error('total_mismatch', { current: 'not an order' })))).toMatchObject({ type: 'failed', code: 'total_mismatch' });
    expect(classify('update', answer(412, error('version_mismatch', { current: { id: 'x' } })))).toMatchObject({ type: 'failed', code: 'malformed_response', message: /^412 without a valid current order/ });
  });

  it('401 waits for a minute: the token is a configuration problem, not the order’s', () => {
    expect(classify('create', answer(401, error('unauthorized')))).toMatchObject({ type: 'unknown', retryAfterMs: 60_000 });
  });
});

describe('otherOrderIn: an answer about another order than the operation’s', () => {
  it('names the order of a 2xx or a 412 whose clientId is another, or whose id is not the server id known here', () => {
    const ok = classify('update', answer(200, order));
    const conflict = classify('update', answer(412, error('version_mismatch', { current: order })));
    for (const outcome of [ok, conflict]) {
      expect(otherOrderIn(outcome, { clientId: 'c', serverId: 7 })).toBeNull();
      expect(otherOrderIn(outcome, { clientId: 'c', serverId: 0 })).toBeNull(); // the create's answer: no id known yet
      expect(otherOrderIn(outcome, { clientId: 'other', serverId: 0 })).toMatchObject({ id: 7, clientId: 'c' });
      expect(otherOrderIn(outcome, { clientId: 'c', serverId: 8 })).toMatchObject({ id: 7 });
    }
    const sale = classify('sale', answer(201, { order, sale: { id: 1, clientId: 's', orderId: 7, receiptNo: 'R', total: 0, transactions: [], createdAt: order.createdAt } }));
    expect(otherOrderIn(sale, { clientId: 'other', serverId: 7 })).toMatchObject({ clientId: 'c' });
    // Answers that carry no order say nothing of it.
    expect(otherOrderIn(classify('stepState', answer(201, { anything: true })), { clientId: 'other', serverId: 7 })).toBeNull();
    expect(otherOrderIn(classify('delete', answer(423, error('sale_exists'))), { clientId: 'other', serverId: 7 })).toBeNull();
  });
});

describe('retryAfterMs', () => {
  it('reads seconds or an HTTP date, capped at an hour', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('999999')).toBe(3_600_000);
    expect(retryAfterMs(new Date(Date.parse('2026-11-21T10:00:05Z')).toUTCString(), Date.parse('2026-11-21T10:00:00Z'))).toBe(5000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
