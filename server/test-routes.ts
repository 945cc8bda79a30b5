import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Delivery, Customer, Line, OrderStateRule, OrderStatus, Product, type Order } from '../common/backend-api.ts';
import { orderTotal } from '../common/money.ts';
import type { FaultInjector } from './faults.ts';
import { FaultPlan } from './faults.ts';
import { readBody, type RequestCounts } from './http.ts';
import { parseBody } from './idempotency.ts';
import { addStepState, now, publishCatalog, removeStepState, replaceRules, saveOrderChanges, shipmentConflict } from './mutations.ts';
import type { OrderChanges } from './order-rules.ts';
import { created, notFound, ok, refusal, type Outcome } from './outcome.ts';
import { findOrder } from './routes/order-lookup.ts';
import { collectStats } from './test-stats.ts';
import type { Store } from './store/index.ts';

/** Back-office edit of an order: any field, of an order that is neither sold, closed nor deleted. */
export const BackOfficeEdit = z.strictObject({
  lines: z.array(Line).optional(),
  /** Computed from the lines when they are sent without it. */
  total: z.int().optional(),
  status: OrderStatus.optional(),
  customer: Customer.nullable().optional(),
  delivery: Delivery.nullable().optional(),
});

/** A carrier's notice: source `server`; id and time made up when absent. */
export const CarrierStepState = z.strictObject({
  id: z.string().min(1).optional(),
  code: z.string().min(1),
  at: z.iso.datetime().optional(),
});

export interface TestRouteDeps {
  store: Store;
  faults: FaultInjector;
  counts: RequestCounts;
  info: Record<string, unknown>;
  /** Wipes every table and seeds the reference data again. */
  reset(): void;
}

/**
 * `/__test/` (test mode only): act as another party (the back office, a carrier), steer faults,
 * and read what invariant checks need. No auth, no faults, no idempotency: these are the test's
 * own hands on the server. Every change goes through `mutations.ts`, so it bumps the order's
 * version and reaches the changes feed like any other.
 */
export function registerTestRoutes(app: FastifyInstance, deps: TestRouteDeps): void {
  const { store, faults, counts } = deps;

  const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, handle: (request: FastifyRequest) => Outcome) =>
    app.route({
      method,
      url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const outcome = store.sqlite.transaction(() => handle(request))();
        return reply.code(outcome.status).send(outcome.body);
      },
    });
  const bodyOf = <S extends z.ZodType>(request: FastifyRequest, schema: S) =>
    readBody(parseBody(request.body as string | undefined), schema);
  const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name] ?? '';

  /** Loads `:id` and applies the back office's change to it, bumping its version. */
  const changeOrder = (
    request: FastifyRequest,
    decide: (order: Order) => { changes: OrderChanges } | { outcome: Outcome },
  ): Outcome => {
    const found = findOrder(store, param(request, 'id'));
    if ('outcome' in found) return found.outcome;
    const decided = decide(found.order);
    return 'outcome' in decided ? decided.outcome : ok(saveOrderChanges(store, found.order, decided.changes));
  };

  route('GET', '/__test/info', () => ok({ ...deps.info, faults: faults.plan() }));
  route('GET', '/__test/stats', () => ok({ ...collectStats(store), faults: faults.counts(), requests: counts }));
  route('GET', '/__test/orders', () => {
    const sales = new Map(store.sales.all().map((sale) => [sale.orderId, sale]));
    const orders = store.orders.all().map((order) => ({
      ...order,
      sale: sales.get(order.id) ?? null,
      stepStates: store.stepStates.forOrder(order.id),
      stateHistory: store.stepStates.historyOf(order.id),
    }));
    return ok({ orders });
  });

  route('GET', '/__test/faults', () => ok({ plan: faults.plan(), counts: faults.counts() }));
  route('POST', '/__test/faults', (request) => {
    const body = bodyOf(request, FaultPlan);
    if (!body.ok) return body.outcome;
    return ok({ plan: faults.configure(body.value), counts: faults.counts() });
  });

  // The back office is bound by the same locks as any party: a sold order is never reopened,
  // deleted or edited, and a deleted one never changes again (what a real back office would see).
  const locked = (order: Order, what: 'close' | 'reopen' | 'delete' | 'edit'): Outcome | undefined => {
    if (order.status === 'Deleted') return refusal({ status: 423, code: 'order_final', message: `order ${order.id} is deleted` });
    if (order.saleId !== null && what !== 'close') return refusal({ status: 423, code: 'sale_exists', message: `order ${order.id} is sold` });
    if (order.status === 'Done' && what === 'edit') return refusal({ status: 423, code: 'order_final', message: `order ${order.id} is closed` });
    return undefined;
  };
  const guarded = (what: 'close' | 'reopen' | 'delete', status: OrderStatus) => (request: FastifyRequest) =>
    changeOrder(request, (order) => {
      const refused = locked(order, what);
      return refused ? { outcome: refused } : { changes: { status } };
    });
  route('POST', '/__test/orders/:id/close', guarded('close', 'Done'));
  route('POST', '/__test/orders/:id/reopen', guarded('reopen', 'InProgress'));
  route('POST', '/__test/orders/:id/delete', guarded('delete', 'Deleted'));
  route('POST', '/__test/orders/:id/edit', (request) => {
    const body = bodyOf(request, BackOfficeEdit);
    if (!body.ok) return body.outcome;
    return changeOrder(request, (order) => {
      const refused = locked(order, 'edit');
      if (refused) return { outcome: refused };
      const { lines, total, ...rest } = body.value;
      if (rest.delivery !== undefined) {
        const conflict = shipmentConflict(store, order.id, rest.delivery);
        if (conflict) return { outcome: conflict };
      }
      const changes: OrderChanges = { ...rest };
      if (lines !== undefined) changes.lines = lines;
      if (lines !== undefined || total !== undefined) changes.total = total ?? orderTotal(lines ?? order.lines);
      return { changes };
    });
  });

  route('POST', '/__test/shipments/:shipmentId/step-states', (request) => {
    const body = bodyOf(request, CarrierStepState);
    if (!body.ok) return body.outcome;
    const shipmentId = param(request, 'shipmentId');
    const orderId = store.orders.orderIdOfShipment(shipmentId);
    if (orderId === undefined) return notFound(`shipment ${shipmentId}`);
    const id = body.value.id ?? crypto.randomUUID();
    if (store.stepStates.byId(id)) {
      return refusal({ status: 409, code: 'client_id_conflict', message: `step state ${id} exists`, field: 'id' });
    }
    const at = body.value.at ?? now();
    return created(addStepState(store, { id, shipmentId, orderId, code: body.value.code, at, source: 'server' }));
  });
  route('DELETE', '/__test/step-states/:id', (request) => {
    const existing = store.stepStates.byId(param(request, 'id'));
    if (!existing) return notFound(`step state ${param(request, 'id')}`);
    removeStepState(store, existing.id);
    return ok({ removed: existing });
  });

  route('PUT', '/__test/order-state-rules', (request) => {
    const body = bodyOf(request, z.strictObject({ rules: z.array(OrderStateRule) }));
    if (!body.ok) return body.outcome;
    const version = replaceRules(store, body.value.rules);
    return ok({ rules: store.catalog.rules(), version });
  });
  route('POST', '/__test/catalog', (request) => {
    const body = bodyOf(request, z.strictObject({ products: z.array(Product).optional() }).optional());
    if (!body.ok) return body.outcome;
    const version = publishCatalog(store, body.value?.products);
    return ok({ products: store.catalog.products(), version });
  });

  route('POST', '/__test/reset', () => {
    deps.reset();
    return ok({ reset: true });
  });
}
