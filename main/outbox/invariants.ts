import type { Sqlite } from '../../db/connection.ts';

interface OrderFacts {
  client_id: string;
  server_id: number;
  server_base: string | null;
  status: string;
  local_rev: number;
  total: number;
}
interface OpFacts {
  seq: number;
  kind: string;
  state: string;
  attempts: number;
  order_rev: number;
  last_problem: string | null;
}

/**
 * Checks that every order's outbox operations match its state: no change without its
 * operation, no operation without its change, sale before close, money consistent. Returns the
 * violations (empty when all is well). Used by the crash and chaos tests.
 */
export function outboxViolations(sqlite: Sqlite): string[] {
  const problems: string[] = [];
  const orders = sqlite.prepare<[], OrderFacts>('select client_id, server_id, status, local_rev, total, server_base from orders').all();
  const opsStmt = sqlite.prepare<[string], OpFacts>(
    'select seq, kind, state, attempts, order_rev, last_problem from outbox where order_client_id = +? order by seq',
  );
  const saleStmt = sqlite.prepare<[string], { client_id: string; total: number; voided_at: string | null }>(
    'select client_id, total, voided_at from sales where order_client_id = ?',
  );
  const paidStmt = sqlite.prepare<[string], { paid: number | null }>('select sum(amount) as paid from transactions where order_client_id = ?');
  for (const order of orders) {
    const id = order.client_id;
    const ops = opsStmt.all(id);
    const say = (what: string) => problems.push(`order ${id}: ${what}`);
    const creates = ops.filter((o) => o.kind === 'create');
    // An order made here starts with its create; one first seen through the pull has none.
    const madeHere = creates.length > 0 || order.server_id === 0;
    if (madeHere && (creates.length !== 1 || ops[0]?.kind !== 'create')) say(`expected exactly one create, first; got ${ops.map((o) => o.kind).join(',')}`);
    const live = ops.filter((o) => o.state !== 'cancelled');
    // Deleted before the server held it: nothing sent, or only a create the server refused,
    // cancelled as such (order-service.ts CREATE_REFUSED).
    const refusedCreate = (o: OpFacts) => o.kind === 'create' && order.server_id === 0 && o.last_problem !== null && JSON.parse(o.last_problem).code === 'create_refused';
    const cancelledLocally = order.status === 'Deleted' && live.length === 0 && ops.every((o) => o.attempts === 0 || refusedCreate(o));
    const maxRev = Math.max(0, ...ops.map((o) => o.order_rev));
    if (ops.some((o) => o.order_rev > order.local_rev)) say(`an operation reports rev ${maxRev} beyond the order's ${order.local_rev}`);
    // A deletion before the server saw the order cancels its operations instead of adding one.
    if (maxRev !== order.local_rev && !(cancelledLocally && maxRev === order.local_rev - 1)) {
      say(`change ${order.local_rev} has no operation (latest reports ${maxRev})`);
    }
    // Operations still to send (or sent) report changes in the order they were made; cancelled
    // ones are history (a recovery re-queues them behind itself).
    for (let i = 1; i < live.length; i++) {
      if (live[i]!.order_rev < live[i - 1]!.order_rev) say(`operations out of order at seq ${live[i]!.seq}`);
    }
    // A void sale (the server would not take it; its money was refunded) left no operation behind.
    const made = saleStmt.get(id);
    const sale = made?.voided_at === null ? made : undefined;
    const saleOps = live.filter((o) => o.kind === 'sale');
    const closeOps = live.filter((o) => o.kind === 'close');
    if ((sale ? 1 : 0) !== saleOps.length) say(`sale ${sale ? 'exists' : 'missing'} but ${saleOps.length} sale operations`);
    // A Done order closed here has its close; one closed elsewhere (learned by the pull) has none.
    if (closeOps.length > 1 || (order.status !== 'Done' && closeOps.length > 0) || (sale && closeOps.length !== 1)) {
      say(`status ${order.status} with ${closeOps.length} close operations`);
    }
    if (saleOps[0] && closeOps[0] && saleOps[0].seq > closeOps[0].seq) say('close queued before the sale');
    if (sale && order.status !== 'Done') say(`sold but ${order.status}`);
    const paid = paidStmt.get(id)?.paid ?? 0;
    // A sale the server will not take (its lane Blocked ahead of it, as sync/server-final.ts
    // saleRefused) is being refunded by the staff, payment by payment, until it is void.
    const open = live.filter((o) => o.state !== 'done');
    const refused = open[0]?.state === 'blocked' && saleOps.some((o) => o.state !== 'done');
    const paidOk = refused ? paid >= 0 && paid <= (sale?.total ?? 0) : paid === sale?.total;
    if (sale && (!paidOk || sale.total !== order.total)) say(`sale total ${sale.total}, order ${order.total}, paid ${paid}`);
    if (made && !sale && paid !== 0) say(`sale void but ${paid} still held`);
    const deletes = live.filter((o) => o.kind === 'delete');
    const deletedOnServer = order.server_base !== null && (JSON.parse(order.server_base) as { status?: string }).status === 'Deleted';
    if (order.status === 'Deleted' && madeHere && !cancelledLocally && deletes.length !== 1 && !deletedOnServer) {
      say('deleted without a delete operation');
    }
    if (order.status !== 'Deleted' && deletes.length > 0) say(`delete operation on a ${order.status} order`);
  }
  return problems;
}
