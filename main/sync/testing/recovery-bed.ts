import { afterEach, beforeEach, expect } from 'vitest';
import type { CounterPosServer } from '../../../server/app.ts';
import type { TempTerminal } from '../../testing/temp-terminal.ts';
import { backOffice, drained, startServer, syncingTerminal } from './sync-harness.ts';

/**
 * What the 412/423 recovery tests share (recovery.test.ts, recovery-final.test.ts): the reference
 * server acting as the other party, terminal A syncing with it, and the notifications A announced.
 */
export interface RecoveryBed {
  server: CounterPosServer;
  a: TempTerminal;
  notifications: Array<{ id: string; kind: string; message: string }>;
}

/**
 * Opens a bed before each test (handed to `take`, which keeps its parts) and closes it after;
 * returns the helpers that act on the current bed.
 */
export function useRecoveryBed(take: (bed: RecoveryBed) => void) {
  let bed: RecoveryBed | undefined;
  beforeEach(async () => {
    bed = await openRecoveryBed();
    take(bed);
  });
  afterEach(() => closeRecoveryBed(bed!));
  const current = () => bed!;
  return {
    held: () => heldOrders(current().server),
    syncedOrder: (t?: TempTerminal) => syncedOrderOn(t ?? current().a),
    expectStored: (order: SyncedOrder, told: { id: string; kind: string; message: string }) => expectStoredOn(current().a, order, told),
  };
}

async function openRecoveryBed(): Promise<RecoveryBed> {
  const server = await startServer();
  const a = syncingTerminal(server, 'till-1');
  const notifications: RecoveryBed['notifications'] = [];
  a.terminal.on('notification', (n) => notifications.push(n));
  a.terminal.sync.start();
  // The engine's first pull is over and its next is a minute away: none lands mid-test.
  await a.terminal.sync.puller.pullOnce();
  return { server, a, notifications };
}

async function closeRecoveryBed({ server, a }: RecoveryBed): Promise<void> {
  await a.terminal.shutdown();
  a.cleanup();
  await server.close();
}

type HeldOrder = { clientId: string; id: number; status: string; version: number; lines: Array<{ lineId: string; sku: string; qty: number }>; sale: { receiptNo: string } | null; customer: { name: string } | null };

/** The orders the server holds, as the back office sees them. */
async function heldOrders(server: CounterPosServer): Promise<HeldOrder[]> {
  return (await backOffice<{ orders: HeldOrder[] }>(server, 'GET', '/__test/orders')).orders;
}

export const line = (sku: string, unitPrice = 100) => ({ sku, name: sku, qty: 1, unitPrice });

/** An order of one line A, created on `t` and on the server. */
async function syncedOrderOn(t: TempTerminal) {
  const order = await t.call('orders.create', { lines: [line('A')] });
  await drained(t);
  return t.call('orders.get', { orderClientId: order.clientId });
}

export type SyncedOrder = Awaited<ReturnType<typeof syncedOrderOn>>;

/** The notification announced is the one stored (same id and text), listed under the order's number. */
async function expectStoredOn(t: TempTerminal, order: SyncedOrder, told: { id: string; kind: string; message: string }): Promise<void> {
  const stored = await t.call('states.notifications', { orderClientId: order.clientId });
  expect(stored).toContainEqual(expect.objectContaining({ id: told.id, kind: told.kind, message: told.message, orderNumber: String(order.serverId) }));
}
