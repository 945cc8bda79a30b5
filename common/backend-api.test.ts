import { describe, expect, it } from 'vitest';
import * as api from './backend-api.ts';

const line = { lineId: 'l1', sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250 };
const createBody = { clientId: 'c1', currency: 'EUR', lines: [line], total: 500 };

describe('request bodies', () => {
  it('fills the defaults of a create and drops transactions', () => {
    const parsed = api.CreateOrderRequest.parse({ ...createBody, transactions: [{ txId: 't' }] });
    expect(parsed).toEqual({ ...createBody, lines: [{ ...line, discount: 0 }], status: 'InProgress', customer: null, delivery: null });
    expect(parsed).not.toHaveProperty('transactions');
  });

  it.each(api.SERVER_OWNED_FIELDS)('refuses the server-owned field %s, naming it', (field) => {
    const result = api.CreateOrderRequest.safeParse({ ...createBody, [field]: null });
    expect(result.success).toBe(false);
    const detail = api.describeZodError(result.error!);
    expect(detail).toEqual({ code: 'server_owned_field', field, message: `${field}: is owned by the server and must not be sent` });
  });

  it('names the path of a nested invalid field', () => {
    const result = api.CreateOrderRequest.safeParse({ ...createBody, lines: [line, { ...line, qty: 0 }] });
    expect(api.describeZodError(result.error!)).toMatchObject({ code: 'validation_failed', field: 'lines.1.qty' });
  });

  it('describes a body that is not an object', () => {
    const result = api.CreateSaleRequest.safeParse([]);
    expect(api.describeZodError(result.error!)).toEqual({ code: 'validation_failed', message: expect.stringMatching(/^the request body/) });
  });

  it('takes money as safe integers only', () => {
    expect(api.Money.safeParse(2 ** 53).success).toBe(false);
    expect(api.Money.safeParse(-5).success).toBe(true);
    expect(api.NonNegativeMoney.safeParse(-5).success).toBe(false);
    expect(api.Money.safeParse(1.5).success).toBe(false);
  });

  it('needs total with lines on a patch, and allows null to clear', () => {
    expect(api.describeZodError(api.PatchOrderRequest.safeParse({ lines: [] }).error!).field).toBe('total');
    expect(api.PatchOrderRequest.parse({ customer: null, delivery: null })).toEqual({ customer: null, delivery: null });
  });

  it('takes no body or an empty object for close, reopen and delete', () => {
    expect(api.EmptyRequest.safeParse(undefined).success).toBe(true);
    expect(api.EmptyRequest.safeParse({}).success).toBe(true);
    expect(api.EmptyRequest.safeParse({ version: 3 }).success).toBe(false);
  });
});

describe('responses', () => {
  it('parses a change of every kind', () => {
    const changes = [
      { kind: 'stepStateRemoved', id: 's1' },
      { kind: 'rules', version: 2 },
      { kind: 'catalog', version: 3 },
    ];
    expect(api.ChangesResponse.parse({ changes, cursor: '9', hasMore: false }).changes).toEqual(changes);
    expect(api.Change.safeParse({ kind: 'other' }).success).toBe(false);
  });

  it('parses an error body with a current order', () => {
    const body = { error: { code: 'version_mismatch', message: 'm', current: undefined, extra: 1 } };
    expect(api.ErrorBody.parse(body).error.code).toBe('version_mismatch');
  });
});

describe('helpers', () => {
  it('formats and parses If-Match', () => {
    expect(api.ifMatch(3)).toBe('"3"');
    expect(api.parseIfMatch('"3"')).toBe(3);
    expect(api.parseIfMatch('W/"12"')).toBe(12);
    expect(api.parseIfMatch('7')).toBe(7);
    expect(api.parseIfMatch(undefined)).toBeNull();
    expect(api.parseIfMatch('"abc"')).toBeNull();
  });
});
