import type { Order } from '../../common/backend-api.ts';
import type { Problem } from '../../common/problem.ts';
import type { Context } from '../context.ts';

/**
 * The pull's durable lists of orders to fetch again, kept in the settings with the cursor so that
 * neither a crash nor a failed fetch loses one: the orders it left alone (`LEFT_ALONE`), and the
 * orders whose change it could not take (`NOT_TAKEN`): not held here, or sent as the contract does
 * not allow. Each write is made inside the caller's transaction.
 */

/** Settings key of the orders the pull left alone, to fetch again (see `OrderApplier.defer`). */
const LEFT_ALONE = 'pull.leftAlone';

/**
 * Settings key of the orders whose change the pull could not take: not held here (see
 * `Puller.applyChange`), or a copy that does not read as the contract says, held here or not
 * (`Puller.validChange`). By server id, fetched again at every pull until taken, with the problem
 * shown meanwhile. Kept with the cursor that moved past their change, so none is lost.
 */
const NOT_TAKEN = 'pull.notTaken';
type NotTaken = { serverId: number; clientId: string; problem: Problem };

/** The orders the pull left alone (`LEFT_ALONE`), to fetch again. */
export function leftAloneOrders(ctx: Context): string[] {
  return ctx.stores.settings.get<string[]>(LEFT_ALONE) ?? [];
}

/** Adds (or removes) an order to the durable list of orders to fetch again; inside a transaction. */
export function leftAlone(ctx: Context, orderClientId: string, add: boolean): void {
  const { settings } = ctx.stores;
  const ids = settings.get<string[]>(LEFT_ALONE) ?? [];
  const has = ids.includes(orderClientId);
  if (add && !has) settings.set(LEFT_ALONE, [...ids, orderClientId]);
  if (!add && has) settings.set(LEFT_ALONE, ids.filter((id) => id !== orderClientId));
}

/**
 * After a change of `order` could not be taken (rolled back): the order fetched again at the next
 * pulls until it is taken. One held here is left as it is (`LEFT_ALONE`); one this terminal does
 * not hold is kept by its server id with `problem` (`NOT_TAKEN`), as the cursor moves past its
 * change and nothing else would bring it again. In a transaction.
 */
export function keepToFetchAgain(ctx: Context, order: Order, problem: Problem): void {
  if (ctx.stores.orders.get(order.clientId)) {
    leftAlone(ctx, order.clientId, true);
    return;
  }
  keepNotTaken(ctx, order.id, order.clientId, problem);
}

/** Keeps an order on `NOT_TAKEN` (once, as its latest problem): fetched again at every pull until taken. In a transaction. */
export function keepNotTaken(ctx: Context, serverId: number, clientId: string, problem: Problem): void {
  const kept = notTaken(ctx).filter((entry) => entry.serverId !== serverId);
  ctx.stores.settings.set(NOT_TAKEN, [...kept, { serverId, clientId, problem }]);
}

/** The orders whose change could not be taken (`NOT_TAKEN`), oldest first. */
export function notTaken(ctx: Context): NotTaken[] {
  return ctx.stores.settings.get<NotTaken[]>(NOT_TAKEN) ?? [];
}

/** The order with this server id was taken (or is gone from the server): off `NOT_TAKEN`. In a transaction. */
export function taken(ctx: Context, serverId: number): void {
  const kept = notTaken(ctx);
  if (kept.some((entry) => entry.serverId === serverId)) ctx.stores.settings.set(NOT_TAKEN, kept.filter((entry) => entry.serverId !== serverId));
}
