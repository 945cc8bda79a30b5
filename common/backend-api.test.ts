import { describe, expect, it } from 'vitest';
import * as api from './backend-api.ts';

describe('responses', () => {
  it('parses a change of every kind', () => {
    const changes = [
      { kind: 'stepStateRemoved', id: 's1' },
      { kind: 'rules', version: 2 },
      { kind: 'catalog', version: 3 },
    ];
    expect(api.ChangesResponse.parse({ changes, cursor: '9', hasMore: false }).changes).toEqual(changes);
    // A kind this terminal does not know (a newer server's) is accepted, to be ignored; a known
    // kind stays strictly checked, naming the field.
    expect(api.Change.parse({ kind: 'promotion', promotion: { id: 'P1' } })).toEqual({ kind: 'unknown', unknownKind: 'promotion' });
    const bad = api.Change.safeParse({ kind: 'rules', version: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['version']);
    expect(api.Change.safeParse({ kind: 7 }).success).toBe(false);
  });

  it('takes only an order the terminal can store: unique line and shipment ids, valid lines, total = Σ line totals', () => {
    const line = (lineId: string, over: Record<string, number> = {}) => ({ lineId, sku: 'A', name: 'A', qty: 2, unitPrice: 150, discount: 0, ...over });
    const order = {
      id: 1, clientId: 'c1', deviceId: 'till-1', status: 'InProgress', currency: 'EUR', lines: [line('l1'), line('l2', { discount: 100 })], total: 500,
      customer: null, delivery: { address: 'Here', shipments: [{ shipmentId: 's1', carrier: 'DHL', trackingNo: 'T1' }] }, saleId: null, version: 1,
      createdAt: '2026-11-21T10:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z',
    };
    expect(api.Order.safeParse(order).success).toBe(true);
    const firstIssue = (over: Record<string, unknown>) => {
      const parsed = api.Order.safeParse({ ...order, ...over });
      const issue = parsed.error?.issues[0];
      return issue && `${issue.path.join('.')}: ${issue.message}`;
    };
    expect(firstIssue({ lines: [line('l1'), line('l1')], total: 600 })).toBe('lines.1.lineId: appears twice in this order (each line has its own lineId)');
    const twice = { shipmentId: 's1', carrier: 'UPS', trackingNo: null };
    expect(firstIssue({ delivery: { address: 'Here', shipments: [twice, twice] } })).toMatch(/^delivery\.shipments\.1\.shipmentId: appears twice/);
    expect(firstIssue({ lines: [line('l1', { qty: 1, unitPrice: 100, discount: 5000 })], total: -4900 })).toMatch(/^lines\.0\.discount: discount 5000 exceeds/);
    expect(firstIssue({ lines: [line('l1', { qty: 1_000_000_000, unitPrice: 10_000_000_000_000 })], total: 0 })).toBe('lines.0.unitPrice: quantity × unit price is too large');
    expect(firstIssue({ total: 499 })).toBe('total: must be the sum of the line totals (500), not 499');
    // Lines each in range whose sum is past any amount: refused, not thrown.
    const huge = Array.from({ length: 1000 }, (_, i) => line(`h${i}`, { qty: 1, unitPrice: 10_000_000_000_000 }));
    expect(firstIssue({ lines: huge, total: 0 })).toBe('total: the lines add up to more than any amount');
  });

  it('takes an order or a product only in an ISO 4217 currency this terminal knows, as it takes a request body', () => {
    const order = {
      id: 1, clientId: 'c1', deviceId: 'till-1', status: 'InProgress', currency: 'EUR', lines: [], total: 0,
      customer: null, delivery: null, saleId: null, version: 1, createdAt: '2026-11-21T10:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z',
    };
    const product = { sku: 'A1', name: 'Coffee', price: 250, currency: 'EUR', barcode: null };
    for (const currency of ['EUR', 'JPY', 'KWD']) {
      expect(api.Order.safeParse({ ...order, currency }).success, currency).toBe(true);
      expect(api.Product.safeParse({ ...product, currency }).success, currency).toBe(true);
    }
    for (const [currency, message] of [['XYZ', 'is not a currency this terminal knows'], ['eur', 'must be an ISO 4217 code such as EUR']] as const) {
      expect(api.Order.safeParse({ ...order, currency }).error?.issues[0], currency).toMatchObject({ path: ['currency'], message });
      expect(api.CatalogResponse.safeParse({ products: [product, { ...product, currency }], version: 1 }).error?.issues[0], currency).toMatchObject({ path: ['products', 1, 'currency'], message });
    }
  });

  it('takes a rule set that lists each rule once', () => {
    const rule = { id: 'R1', state: 'InDelivery', code: 'dispatched', minPercent: 50, position: 1, active: true };
    expect(api.OrderStateRulesResponse.safeParse({ rules: [rule, { ...rule, id: 'R2' }], version: 2 }).success).toBe(true);
    const twice = api.OrderStateRulesResponse.safeParse({ rules: [rule, { ...rule, position: 2 }], version: 2 });
    expect(twice.error?.issues[0]).toMatchObject({ path: ['rules', 1, 'id'], message: 'appears twice in this rule set (each rule has its own id)' });
  });

  it('parses an error body with a current order', () => {
    const body = { error: { code: 'version_mismatch', message: 'm', current: undefined, extra: 1 } };
    expect(api.ErrorBody.parse(body).error.code).toBe('version_mismatch');
  });
});

describe('helpers', () => {
  it('formats If-Match as the quoted version', () => {
    expect(api.ifMatch(3)).toBe('"3"');
  });
});
