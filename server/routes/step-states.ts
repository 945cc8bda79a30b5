import { CreateStepStateRequest, EmptyRequest, StateHistoryRequest } from '../../common/backend-requests.ts';
import { readBody, type ApiRouter } from '../http.ts';
import { addStepState, removeStepState } from '../mutations.ts';
import { created, notFound, ok, refuse } from '../outcome.ts';
import type { Store } from '../store/index.ts';
import { findOrder } from './order-lookup.ts';

/** Step states added or removed by hand on a device, and the order-state history it reports. */
export function registerStepStateRoutes(api: ApiRouter, store: Store): void {
  api.write('POST', '/v2/shipments/:shipmentId/step-states', (ctx) => {
    const body = readBody(ctx.body, CreateStepStateRequest);
    if (!body.ok) return body.outcome;
    const shipmentId = ctx.params.shipmentId ?? '';
    const orderId = store.orders.orderIdOfShipment(shipmentId);
    if (orderId === undefined) return notFound(`shipment ${shipmentId}`);
    const { id, code, at, source } = body.value;
    // The device made the id: a second create of the same step state returns it.
    const existing = store.stepStates.byId(id);
    if (existing) {
      if (existing.shipmentId === shipmentId) return ok(existing);
      return refuse(409, 'client_id_conflict', `step state ${id} belongs to shipment ${existing.shipmentId}`, { field: 'id' });
    }
    return created(addStepState(store, { id, shipmentId, orderId, code, at, source }));
  });

  api.write('DELETE', '/v2/step-states/:id', (ctx) => {
    const body = readBody(ctx.body, EmptyRequest);
    if (!body.ok) return body.outcome;
    const existing = store.stepStates.byId(ctx.params.id ?? '');
    if (!existing) return notFound(`step state ${ctx.params.id}`);
    removeStepState(store, existing.id);
    return ok({ removed: existing });
  });

  api.write('POST', '/v2/orders/:id/state-history', (ctx) => {
    const body = readBody(ctx.body, StateHistoryRequest);
    if (!body.ok) return body.outcome;
    const found = findOrder(store, ctx.params.id);
    if ('outcome' in found) return found.outcome;
    const orderId = found.order.id;
    // Entry ids are the device's and belong to one order: an id of another order's history is
    // refused, and with it the whole request (nothing is written).
    for (const [index, entry] of body.value.added.entries()) {
      const owner = store.stepStates.orderOfHistoryEntry(entry.id);
      if (owner !== undefined && owner !== orderId) {
        const field = `added.${index}.id`;
        return refuse(409, 'client_id_conflict', `${field}: history entry ${entry.id} belongs to order ${owner}`, { field });
      }
    }
    store.stepStates.applyHistory(orderId, body.value.added, body.value.removed);
    return ok({ orderId, history: store.stepStates.historyOf(orderId) });
  });
}
