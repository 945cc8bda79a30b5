import type { Order } from '../../common/backend-api.ts';
import { CreateOrderRequest, EmptyRequest, PatchOrderRequest } from '../../common/backend-requests.ts';
import { readBody, type ApiRouter, type RequestContext } from '../http.ts';
import { insertOrder, lineConflict, now, saveOrderChanges, shipmentConflict } from '../mutations.ts';
import { decideClose, decideDelete, decidePatch, decideReopen, totalRefusal, type Decision } from '../order-rules.ts';
import { created, ok, refusal, type Outcome } from '../outcome.ts';
import type { Store } from '../store/index.ts';
import { findOrder, findOrderForChange } from './order-lookup.ts';

export function registerOrderRoutes(api: ApiRouter, store: Store): void {
  api.write('POST', '/v2/orders', (ctx) => {
    const body = readBody(ctx.body, CreateOrderRequest);
    if (!body.ok) return body.outcome;
    const request = body.value;
    // Natural key: a second create of the same order returns it, whatever key it came with.
    const existing = store.orders.byClientId(request.clientId);
    if (existing) return ok(existing);
    // Line ids are the device's: one of another order's lines is never stored on this one.
    const taken = lineConflict(store, null, request.lines);
    if (taken) return taken;
    const mismatch = totalRefusal(request.lines, request.total);
    if (mismatch) return refusal(mismatch);
    const conflict = shipmentConflict(store, null, request.delivery);
    if (conflict) return conflict;
    const time = now();
    return created(
      insertOrder(store, {
        clientId: request.clientId,
        deviceId: ctx.deviceId,
        status: request.status,
        currency: request.currency,
        lines: request.lines,
        total: request.total,
        customer: request.customer,
        delivery: request.delivery,
        saleId: null,
        version: 1,
        createdAt: request.createdAt ?? time,
        updatedAt: time,
      }),
    );
  });

  api.read('/v2/orders/:id', (ctx) => {
    const found = findOrder(store, ctx.params.id);
    return 'outcome' in found ? found.outcome : ok(found.order);
  });

  api.write('PATCH', '/v2/orders/:id', (ctx) => {
    const body = readBody(ctx.body, PatchOrderRequest);
    if (!body.ok) return body.outcome;
    return changeOrder(store, ctx, (order) => decidePatch(order, body.value));
  });

  api.write('POST', '/v2/orders/:id/close', (ctx) => changeOrderWithoutBody(store, ctx, decideClose));
  api.write('POST', '/v2/orders/:id/reopen', (ctx) => changeOrderWithoutBody(store, ctx, decideReopen));
  api.write('DELETE', '/v2/orders/:id', (ctx) => changeOrderWithoutBody(store, ctx, decideDelete));
}

function changeOrderWithoutBody(store: Store, ctx: RequestContext, decide: (order: Order) => Decision): Outcome {
  const body = readBody(ctx.body, EmptyRequest);
  if (!body.ok) return body.outcome;
  return changeOrder(store, ctx, decide);
}

/** 404 / 428 / 412, then the decision's refusal, or the change saved as the next version. */
function changeOrder(store: Store, ctx: RequestContext, decide: (order: Order) => Decision): Outcome {
  const found = findOrderForChange(store, ctx);
  if ('outcome' in found) return found.outcome;
  const decision = decide(found.order);
  if ('refused' in decision) return refusal(decision.refused);
  if (decision.changes === null) return ok(found.order);
  if (decision.changes.lines !== undefined) {
    const taken = lineConflict(store, found.order, decision.changes.lines);
    if (taken) return taken;
  }
  if ('delivery' in decision.changes) {
    const conflict = shipmentConflict(store, found.order.id, decision.changes.delivery);
    if (conflict) return conflict;
  }
  return ok(saveOrderChanges(store, found.order, decision.changes));
}
