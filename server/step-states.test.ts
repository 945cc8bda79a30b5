import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../common/backend-api.ts';
import type { CounterPosServer } from './app.ts';
import { delivery, newOrder, startServer, TILL_2, type Call } from './test-support.ts';

let server: CounterPosServer;
let call: Call;
let order: api.Order;
const shipmentA = crypto.randomUUID();
const shipmentB = crypto.randomUUID();

beforeAll(async () => {
  ({ server, call } = await startServer());
  order = (await call('POST', '/v2/orders', { body: newOrder({ delivery: delivery(shipmentA, shipmentB) }) })).body;
});
afterAll(() => server.close());

const stepState = (overrides: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(),
  code: 'dispatched',
  at: '2026-11-21T10:00:00.000Z',
  ...overrides,
});

describe('POST /v2/shipments/{shipmentId}/step-states', () => {
  it('stores a manual step state for the shipment of an order', async () => {
    const body = stepState();
    const response = await call('POST', `/v2/shipments/${shipmentA}/step-states`, { body });
    expect(response.status).toBe(201);
    expect(api.StepState.parse(response.body)).toEqual({ ...body, shipmentId: shipmentA, orderId: order.id, source: 'manual' });
  });

  it('returns the existing step state with 200 when its id exists', async () => {
    const body = stepState({ source: 'manual' });
    await call('POST', `/v2/shipments/${shipmentB}/step-states`, { body });
    const again = await call('POST', `/v2/shipments/${shipmentB}/step-states`, { body });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(body.id);
  });

  it('answers 404 for a shipment no order lists', async () => {
    const response = await call('POST', '/v2/shipments/unknown/step-states', { body: stepState() });
    expect(response.status).toBe(404);
  });

  it('stops knowing a shipment once its order no longer lists it', async () => {
    const shipment = crypto.randomUUID();
    const o = (await call('POST', '/v2/orders', { body: newOrder({ delivery: delivery(shipment) }) })).body;
    await call('PATCH', `/v2/orders/${o.id}`, { version: 1, body: { delivery: null } });
    expect((await call('POST', `/v2/shipments/${shipment}/step-states`, { body: stepState() })).status).toBe(404);
  });

  it.each([
    [{ code: '' }, 'code'],
    [{ at: 'now' }, 'at'],
    [{ at: '2026-11-21T10:00:00Z' }, 'at'],
    [{ at: '2026-11-21T10:00:00.000001Z' }, 'at'],
    [{ source: 'server' }, 'source'],
    [{ id: undefined }, 'id'],
    [{ version: 1 }, 'version'],
  ])('refuses %j with 422 naming %s', async (overrides, field) => {
    const response = await call('POST', `/v2/shipments/${shipmentA}/step-states`, { body: stepState(overrides) });
    expect(response.status).toBe(422);
    expect(response.body.error.field).toBe(field);
  });
});

describe('DELETE /v2/step-states/{id}', () => {
  it('removes a step state and answers with it', async () => {
    const body = stepState({ code: 'delayed' });
    await call('POST', `/v2/shipments/${shipmentA}/step-states`, { body });
    const response = await call('DELETE', `/v2/step-states/${body.id}`);
    expect(response.status).toBe(200);
    expect(api.StepStateRemovedResponse.parse(response.body).removed.id).toBe(body.id);
    expect((await call('DELETE', `/v2/step-states/${body.id}`)).status).toBe(404);
  });

  it('answers 404 for an unknown step state', async () => {
    expect((await call('DELETE', '/v2/step-states/nope')).status).toBe(404);
  });

  it('takes no body, or {}: another field is refused with 422 naming it, and nothing removed', async () => {
    const body = stepState();
    await call('POST', `/v2/shipments/${shipmentA}/step-states`, { body });
    const refused = await call('DELETE', `/v2/step-states/${body.id}`, { body: { reason: 'typo' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'reason' });
    expect((await call('DELETE', `/v2/step-states/${body.id}`, { body: {} })).status).toBe(200);
  });
});

describe('POST /v2/orders/{id}/state-history', () => {
  const entry = (overrides: Record<string, unknown> = {}) => ({
    id: crypto.randomUUID(),
    ruleId: 'R1',
    state: 'InDelivery',
    startedAt: '2026-11-21T10:00:00.000Z',
    fulfilledAt: '2026-11-21T10:30:00.000Z',
    validFrom: '2026-11-21T10:30:00.000Z',
    ...overrides,
  });

  it('stores added entries, corrects them by id and removes ids', async () => {
    const r1 = entry();
    const r2 = entry({ ruleId: 'R2', state: 'Delayed', fulfilledAt: '2026-11-21T12:30:00.000Z', validFrom: '2026-11-21T12:30:00.000Z' });
    const path = `/v2/orders/${order.id}/state-history`;
    const added = await call('POST', path, { body: { added: [r1, r2], removed: [] } });
    expect(added.status).toBe(200);
    expect(api.StateHistoryResponse.parse(added.body)).toEqual({ orderId: order.id, history: [r1, r2] });

    const corrected = { ...r1, startedAt: '2026-11-21T09:00:00.000Z' };
    const next = await call('POST', path, { body: { added: [corrected], removed: [r2.id] } });
    expect(next.body.history).toEqual([corrected]);
    // History is the device's record: the order itself does not change.
    expect((await call('GET', `/v2/orders/${order.id}`)).body.version).toBe(order.version);
  });

  it("refuses an entry id of another order's history: 409 client_id_conflict naming it, and changes nothing", async () => {
    const other = (await call('POST', '/v2/orders', { body: newOrder() })).body as api.Order;
    const taken = entry();
    expect((await call('POST', `/v2/orders/${other.id}/state-history`, { body: { added: [taken] } })).status).toBe(200);
    const mine = entry();
    const path = `/v2/orders/${order.id}/state-history`;
    expect((await call('POST', path, { body: { added: [mine] } })).status).toBe(200);

    const fresh = entry({ ruleId: 'R3' });
    const response = await call('POST', path, {
      token: TILL_2,
      body: { added: [fresh, { ...taken, ruleId: 'R2', state: 'Delayed' }], removed: [mine.id] },
    });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'client_id_conflict', field: 'added.1.id' });
    // The whole request is refused: neither history changed (an empty post answers the stored history).
    const historyOf = async (id: number) => (await call('POST', `/v2/orders/${id}/state-history`, { body: {} })).body.history;
    expect(await historyOf(other.id)).toEqual([taken]);
    expect(await historyOf(order.id)).toContainEqual(mine);
    expect(await historyOf(order.id)).not.toContainEqual(fresh);
  });

  it.each(['id', 'version', 'deviceId', 'saleId', 'updatedAt'])('refuses the server-owned field %s with 422 naming it', async (field) => {
    const response = await call('POST', `/v2/orders/${order.id}/state-history`, {
      body: { added: [entry()], removed: [], [field]: field === 'deviceId' ? 'till-9' : 3 },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'server_owned_field', field });
  });

  it.each(['startedAt', 'fulfilledAt', 'validFrom'])('refuses an entry whose %s is not UTC with exactly milliseconds', async (field) => {
    const response = await call('POST', `/v2/orders/${order.id}/state-history`, {
      body: { added: [entry({ [field]: '2026-11-21T10:30:00Z' })] },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: 'validation_failed', field: `added.0.${field}` });
  });

  it('answers 404 for an unknown order and 422 for an invalid entry', async () => {
    expect((await call('POST', '/v2/orders/999999/state-history', { body: { added: [] } })).status).toBe(404);
    const invalid = await call('POST', `/v2/orders/${order.id}/state-history`, { body: { added: [entry({ validFrom: 'x' })] } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.field).toBe('added.0.validFrom');
  });
});
