import { describe, expect, it } from 'vitest';
import type { ShipmentHitView } from '../../common/order-states.ts';
import { orderHits } from './order-hits.ts';

const hit = (orderClientId: string, trackingNo: string): ShipmentHitView => ({
  shipmentId: `s-${trackingNo}`,
  orderClientId,
  orderNumber: orderClientId.toUpperCase(),
  customer: 'Rosa Vidal',
  address: 'Rúa Nova 5, Lugo',
  carrier: 'SEUR',
  trackingNo,
  lastStep: null,
  orderState: null,
  orderStateSince: null,
});

describe('orders found by the deliveries search', () => {
  it('are one row each, holding their shipments found, in the order the terminal answered', () => {
    const rows = orderHits([hit('b', 'B1'), hit('b', 'B2'), hit('b', 'B3'), hit('a', 'A1'), hit('b', 'B4'), hit('c', 'C1')]);
    expect(rows.map((r) => [r.orderClientId, r.order.orderNumber, r.shipments.map((s) => s.trackingNo)])).toEqual([
      ['b', 'B', ['B1', 'B2', 'B3', 'B4']],
      ['a', 'A', ['A1']],
      ['c', 'C', ['C1']],
    ]);
  });

  it('are none when nothing was found', () => {
    expect(orderHits([])).toEqual([]);
  });
});
