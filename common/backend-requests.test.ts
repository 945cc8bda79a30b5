import { describe, expect, it } from 'vitest';
import * as api from './backend-api.ts';
import * as requests from './backend-requests.ts';

const line = { lineId: 'l1', sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250 };
const createBody = { clientId: 'c1', currency: 'EUR', lines: [line], total: 500 };

describe('request bodies', () => {
  it('fills the defaults of a create and drops transactions', () => {
    const parsed = requests.CreateOrderRequest.parse({ ...createBody, transactions: [{ txId: 't' }] });
    expect(parsed).toEqual({ ...createBody, lines: [{ ...line, discount: 0 }], status: 'InProgress', customer: null, delivery: null });
    expect(parsed).not.toHaveProperty('transactions');
  });

  it.each(requests.SERVER_OWNED_FIELDS)('refuses the server-owned field %s, naming it', (field) => {
    const result = requests.CreateOrderRequest.safeParse({ ...createBody, [field]: null });
    expect(result.success).toBe(false);
    const detail = requests.describeZodError(result.error!);
    expect(detail).toEqual({ code: 'server_owned_field', field, message: `${field}: is owned by the server and must not be sent` });
  });

  it('names the path of a nested invalid field', () => {
    const result = requests.CreateOrderRequest.safeParse({ ...createBody, lines: [line, { ...line, qty: 0 }] });
    expect(requests.describeZodError(result.error!)).toMatchObject({ code: 'validation_failed', field: 'lines.1.qty' });
  });

  it('describes a body that is not an object', () => {
    const result = requests.CreateSaleRequest.safeParse([]);
    expect(requests.describeZodError(result.error!)).toEqual({ code: 'validation_failed', message: expect.stringMatching(/^the request body/) });
  });

  it('takes money as safe integers only', () => {
    expect(api.Money.safeParse(2 ** 53).success).toBe(false);
    expect(api.Money.safeParse(-5).success).toBe(true);
    expect(api.NonNegativeMoney.safeParse(-5).success).toBe(false);
    expect(api.Money.safeParse(1.5).success).toBe(false);
  });

  it('needs total with lines on a patch, and allows null to clear', () => {
    expect(requests.describeZodError(requests.PatchOrderRequest.safeParse({ lines: [] }).error!).field).toBe('total');
    expect(requests.PatchOrderRequest.parse({ customer: null, delivery: null })).toEqual({ customer: null, delivery: null });
  });

  it('takes no body or an empty object for close, reopen and delete', () => {
    expect(requests.EmptyRequest.safeParse(undefined).success).toBe(true);
    expect(requests.EmptyRequest.safeParse({}).success).toBe(true);
    expect(requests.EmptyRequest.safeParse({ version: 3 }).success).toBe(false);
  });
});
