import { parseIfMatch, type Order } from '../../common/backend-api.ts';
import type { RequestContext } from '../http.ts';
import { notFound, refuse, type Outcome } from '../outcome.ts';
import type { Store } from '../store/index.ts';

/** The order named by an `:id` path parameter, or the 404 to answer. */
export function findOrder(store: Store, id: string | undefined): { order: Order } | { outcome: Outcome } {
  const order = id !== undefined && /^\d{1,15}$/.test(id) ? store.orders.byId(Number(id)) : undefined;
  return order ? { order } : { outcome: notFound(`order ${id}`) };
}

/** `428` without `If-Match`, `412` (with the current order) when it names another version. */
export function preconditionFailure(order: Order, ctx: RequestContext): Outcome | null {
  const expected = parseIfMatch(ctx.ifMatch);
  if (expected === null) {
    return refuse(428, 'precondition_required', `If-Match: "<version>" is required to change order ${order.id}`);
  }
  if (expected !== order.version) {
    return refuse(412, 'version_mismatch', `order ${order.id} is at version ${order.version}, not ${expected}`, {
      current: order,
    });
  }
  return null;
}

/** The order named by `:id` if `If-Match` names its current version; else the 404, 428 or 412. */
export function findOrderForChange(store: Store, ctx: RequestContext): { order: Order } | { outcome: Outcome } {
  const found = findOrder(store, ctx.params.id);
  if ('outcome' in found) return found;
  const failure = preconditionFailure(found.order, ctx);
  return failure ? { outcome: failure } : found;
}
