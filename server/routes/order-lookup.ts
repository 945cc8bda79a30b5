import type { Order } from '../../common/backend-api.ts';
import type { RequestContext } from '../http.ts';
import { notFound, refuse, type Outcome } from '../outcome.ts';
import type { Store } from '../store/index.ts';

/** The order named by an `:id` path parameter, or the 404 to answer. */
export function findOrder(store: Store, id: string | undefined): { order: Order } | { outcome: Outcome } {
  const order = id !== undefined && /^\d{1,15}$/.test(id) ? store.orders.byId(Number(id)) : undefined;
  return order ? { order } : { outcome: notFound(`order ${id}`) };
}

/**
 * The version an `If-Match` header names: exactly `"<digits>"` (API.md: `If-Match: "<version>"`),
 * the digits as sent; null for any other form (a bare `3`, `"3`, a weak `W/"3"`, a list, `*`).
 */
export function ifMatchVersion(header: string | undefined): string | null {
  const match = header === undefined ? null : /^"(\d+)"$/.exec(header);
  return match?.[1] ?? null;
}

/**
 * `428` without `If-Match` or with one not of the form `"<version>"`; `412` (with the current
 * order) when it names another version. The entity tag is compared as sent: `"03"` is not `"3"`.
 */
export function preconditionFailure(order: Order, ctx: RequestContext): Outcome | null {
  const expected = ifMatchVersion(ctx.ifMatch);
  if (expected === null) {
    const sent = ctx.ifMatch === undefined ? 'none was sent' : `got ${JSON.stringify(ctx.ifMatch.slice(0, 40))}`;
    return refuse(
      428,
      'precondition_required',
      `If-Match: "<version>" (the order's version as a quoted whole number, e.g. "3") is required to change order ${order.id}; ${sent}`,
    );
  }
  if (expected !== String(order.version)) {
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
