import { afterEach, describe, expect, it } from 'vitest';
import type { CounterPosServer } from '../../server/app.ts';
import { tempTerminal, type TempTerminal } from '../testing/temp-terminal.ts';
import { backOffice, drained, FAST_SYNC, startServer, syncingTerminal } from './testing/sync-harness.ts';

/**
 * The changes feed brings each entity once, as it is now: an order edited after a carrier's notice
 * comes after that notice. A terminal that meets the notice first (a fresh one, or one that pulls
 * while the order is being edited) keeps it aside until the order with its shipment arrives,
 * instead of losing it.
 */
let server: CounterPosServer;
const terminals: TempTerminal[] = [];

afterEach(async () => {
  for (const t of terminals.splice(0)) {
    await t.terminal.shutdown();
    t.cleanup();
  }
  await server?.close();
});

const shipmentId = '01a20000-0000-7000-8000-0000000a11ce';
const parcel = { shipmentId, carrier: 'DHL', trackingNo: 'T-ALICE' };

async function deliveryWithNoticeThenEdited() {
  server = await startServer();
  const a = syncingTerminal(server, 'till-1');
  terminals.push(a);
  a.terminal.sync.start();
  const order = await a.call('orders.create', { lines: [{ sku: 'A', name: 'A', qty: 1, unitPrice: 100 }] });
  await drained(a);
  await a.call('orders.setDelivery', { orderClientId: order.clientId, delivery: { address: 'Rúa Nova 1', shipments: [parcel] } });
  await drained(a);
  const serverId = a.terminal.ctx.stores.orders.get(order.clientId)!.server_id;
  const notice = await backOffice<{ id: string }>(server, 'POST', `/__test/shipments/${shipmentId}/step-states`, {
    code: 'dispatched',
    at: '2026-11-21T10:00:00.000Z',
  });
  // Edited after the notice: in the feed, the order now comes after it.
  await backOffice(server, 'POST', `/__test/orders/${serverId}/edit`, { customer: { name: 'Ana' } });
  const feed = await fetch(`${server.url}/v2/changes?since=0&limit=10`, { headers: { authorization: `Bearer ${server.tokens['till-2']}` } });
  expect(((await feed.json()) as { changes: Array<{ kind: string }> }).changes.map((c) => c.kind).filter((k) => k === 'stepState' || k === 'order')).toEqual(['stepState', 'order']);
  return { clientId: order.clientId, notice };
}

describe('a carrier notice pulled before the order that holds its shipment', () => {
  for (const pullPageSize of [1, 500]) {
    it(`is taken once the order arrives (pages of ${pullPageSize}), and its order's state follows`, async () => {
      const { clientId, notice } = await deliveryWithNoticeThenEdited();
      const b = syncingTerminal(server, 'till-2', { pullPageSize });
      terminals.push(b);
      await b.terminal.sync.puller.pullOnce();

      expect(b.terminal.sync.puller.lastError).toBeNull();
      expect(b.terminal.states.awaiting.count()).toBe(0);
      b.terminal.states.drain();
      const timeline = await b.call('states.timeline', { orderClientId: clientId });
      expect(timeline.shipments.map((s) => [s.shipmentId, s.stepStates.map((st) => [st.id, st.code])])).toEqual([[shipmentId, [[notice.id, 'dispatched']]]]);
      expect(timeline.orderState).toBe('InDelivery');
      expect(await b.call('states.searchShipments', { query: 'T-ALICE' })).toEqual([expect.objectContaining({ shipmentId, lastStep: 'dispatched' })]);
    });
  }

  it('kept aside, survives a restart and is taken by the next pull; one the server removes is forgotten', async () => {
    const { clientId, notice } = await deliveryWithNoticeThenEdited();
    const first = syncingTerminal(server, 'till-2');
    // As the pull takes the notice's change before the order's.
    const carrier = { id: notice.id, shipmentId, code: 'dispatched', at: '2026-11-21T10:00:00.000Z' };
    expect(first.terminal.states.applyServerStepState(carrier)).toBe('awaiting_shipment');
    expect(first.terminal.states.applyServerStepState({ ...carrier, id: 'gone' })).toBe('awaiting_shipment');
    expect(first.terminal.states.removeServerStepState('gone')).toBe(false);
    await first.terminal.shutdown();

    const b = tempTerminal(
      { serverUrl: server.url, deviceId: 'till-2', deviceToken: server.tokens['till-2']!, dataDir: first.dataDir },
      { sync: FAST_SYNC, stateTimers: false },
    );
    terminals.push(b);
    expect(b.terminal.states.awaiting.count()).toBe(1);
    await b.terminal.sync.puller.pullOnce();
    expect(b.terminal.states.awaiting.count()).toBe(0);
    const timeline = await b.call('states.timeline', { orderClientId: clientId });
    expect(timeline.shipments.flatMap((s) => s.stepStates.map((st) => st.id))).toEqual([notice.id]);
  });
});
