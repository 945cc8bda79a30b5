import { openDatabase } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { createStores, type Context } from '../context.ts';
import { EventBus } from '../events.ts';
import { OrderService } from '../orders/order-service.ts';
import { StatesService, type StatesOptions } from './states-service.ts';

/** Helpers for the states tests (not a test file itself). */

export class ManualClock implements Clock {
  ms: number;
  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }
  now(): number {
    return this.ms;
  }
  iso(): string {
    return new Date(this.ms).toISOString();
  }
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function openTestContext(file = ':memory:', clock: Clock = new ManualClock('2026-03-02T09:00:00.000Z')): Context {
  const { sqlite } = openDatabase({ file });
  return { sqlite, stores: createStores(sqlite, clock), clock, events: new EventBus(), connectivity: { online: true }, deviceId: 'till-test' };
}

export interface TestBed {
  ctx: Context;
  clock: ManualClock;
  orders: OrderService;
  states: StatesService;
}

export function testBed(options: StatesOptions & { file?: string; start?: string } = {}): TestBed {
  const clock = new ManualClock(options.start ?? '2026-03-02T09:00:00.000Z');
  const ctx = openTestContext(options.file ?? ':memory:', clock);
  const states = new StatesService(ctx, { timers: false, ...options });
  return { ctx, clock, orders: new OrderService(ctx, () => 'EUR'), states };
}

/** A delivery order with the given shipments (tracking numbers); returns the order and shipment ids. */
export function deliveryOrder(
  bed: Pick<TestBed, 'orders'>,
  trackingNos: readonly string[],
  customer = 'Ana García',
  address = 'Calle Mayor 1, Madrid',
): { orderClientId: string; shipmentIds: string[] } {
  const order = bed.orders.create({ customer: { name: customer, phone: '600123123' } });
  const view = bed.orders.setDelivery({
    orderClientId: order.clientId,
    delivery: { address, shipments: trackingNos.map((t) => ({ carrier: 'Correos', trackingNo: t })) },
  });
  return { orderClientId: order.clientId, shipmentIds: view.delivery!.shipments.map((s) => s.shipmentId) };
}

/** `2026-03-02T10:30:00.000Z` from `10:30`. */
export function at(hhmm: string, day = '2026-03-02'): string {
  return `${day}T${hhmm}:00.000Z`;
}

/** The carrier's notices of SPEC §6's worked example for shipments A, B and C (ids as the server makes them), in the order they arrive. */
export function workedExampleNotices(A: string, B: string, C: string) {
  return [
    { id: 'ss-a-dispatched', shipmentId: A, code: 'dispatched', at: at('10:00') },
    { id: 'ss-b-dispatched', shipmentId: B, code: 'dispatched', at: at('10:30') },
    { id: 'ss-c-dispatched', shipmentId: C, code: 'dispatched', at: at('11:00') },
    { id: 'ss-a-delivered', shipmentId: A, code: 'delivered', at: at('12:00') },
    { id: 'ss-b-delayed', shipmentId: B, code: 'delayed', at: at('12:30') },
  ];
}
