import Database from 'better-sqlite3';
import { outboxViolations } from '../../main/outbox/invariants.ts';

/** What the terminals acknowledged to their staff during the run, by device. */
export interface TerminalFacts {
  acked: Map<string, { txIds: Set<string>; sales: Set<string> }>;
}

interface ServerOrder {
  id: number;
  clientId: string;
  status: string;
  version: number;
  lines: Array<{ lineId: string; qty: number; unitPrice: number; discount: number }>;
  sale: { clientId: string; transactions: Array<{ txId: string; amount: number }> } | null;
}

const lineKey = (lines: ServerOrder['lines']) =>
  JSON.stringify([...lines].map((l) => [l.lineId, l.qty, l.unitPrice, l.discount]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));

/**
 * SPEC §7 after the drain: nothing acknowledged is missing on its device, every synced order on
 * every terminal equals the server's copy (lines, status, version), every sale on the server
 * carries the device's transactions and reached it before the close, and each outbox matches
 * its orders.
 */
export function checkConvergence(serverOrders: ServerOrder[], terminals: Array<{ device: string; file: string }>, acked: TerminalFacts['acked']) {
  const lost: string[] = [];
  const diverged: string[] = [];
  const problems: string[] = [];
  let operations = 0;
  let conflictsResolved = 0;
  let blocked = 0;
  let settled = 0;
  let voided = 0;
  let ackedTransactions = 0;
  const byClientId = new Map(serverOrders.map((o) => [o.clientId, o]));
  for (const { device, file } of terminals) {
    const db = new Database(file, { readonly: true });
    try {
      operations += (db.prepare(`select count(*) as n from outbox where state = 'done'`).get() as { n: number }).n;
      conflictsResolved += (db.prepare(`select count(*) as n from outbox where last_error like '412:%' or last_error like 'superseded: re-sequenced after%'`).get() as { n: number }).n;
      // Blocked orders the staff settled (refunded, or deleted to take the server's order), and sales voided so.
      settled += (db.prepare(`select count(distinct order_client_id) as n from outbox where state = 'cancelled' and last_error like '%nothing is held here any more%'`).get() as { n: number }).n;
      voided += (db.prepare('select count(*) as n from sales where voided_at is not null').get() as { n: number }).n;
      // Pending operations behind a Failed or Blocked head are held there on purpose; others must have drained.
      const pending = (
        db
          .prepare(
            `select count(*) as n from outbox o where o.state = 'pending' and not exists (
               select 1 from outbox h where h.order_client_id = o.order_client_id and h.seq < o.seq and h.state in ('failed', 'blocked'))`,
          )
          .get() as { n: number }
      ).n;
      if (pending > 0) {
        const stuck = db
          .prepare<[], { kind: string; attempts: number; last_error: string | null; next_attempt_at: string | null; head: string }>(
            `select o.kind, o.attempts, o.last_error, o.next_attempt_at,
               (select h.kind || ':' || h.state from outbox h where h.order_client_id = o.order_client_id and h.state in ('pending', 'failed', 'blocked') order by h.seq limit 1) as head
             from outbox o where o.state = 'pending' and not exists (
               select 1 from outbox h where h.order_client_id = o.order_client_id and h.seq < o.seq and h.state in ('failed', 'blocked')) limit 3`,
          )
          .all();
        problems.push(`${device}: ${pending} operations still pending after the drain, e.g. ${JSON.stringify(stuck)}`);
      }
      for (const v of outboxViolations(db)) problems.push(`${device}: ${v}`);

      const facts = acked.get(device)!;
      const hasTx = db.prepare<[string], { n: number }>('select count(*) as n from transactions where tx_id = ?');
      const hasSale = db.prepare<[string], { n: number }>('select count(*) as n from sales where client_id = ?');
      for (const txId of facts.txIds) {
        ackedTransactions++;
        if (hasTx.get(txId)!.n !== 1) lost.push(`${device}: transaction ${txId}`);
      }
      for (const sale of facts.sales) if (hasSale.get(sale)!.n !== 1) lost.push(`${device}: sale ${sale}`);

      const locals = db
        .prepare<[], { client_id: string; status: string; sync_status: string; version: number; server_id: number }>('select client_id, status, sync_status, version, server_id from orders')
        .all();
      const linesOf = db.prepare<[string], ServerOrder['lines'][number] & { line_id: string; unit_price: number }>(
        'select line_id, qty, unit_price, discount from order_lines where order_client_id = ?',
      );
      const saleOf = db.prepare<[string], { client_id: string }>('select client_id from sales where order_client_id = ? and voided_at is null');
      const txOfSale = db.prepare<[string], { tx_id: string }>('select tx_id from transactions where sale_client_id = +? order by tx_id');
      const opsOf = db.prepare<[string], { kind: string; done_at: string | null }>(`select kind, done_at from outbox where order_client_id = +? and state = 'done' order by seq`);
      const localIds = new Set(locals.map((l) => l.client_id));
      for (const remote of serverOrders) if (!localIds.has(remote.clientId)) diverged.push(`${device}: does not know order ${remote.id}`);
      for (const local of locals) {
        if (local.sync_status === 'Blocked' || local.sync_status === 'Failed') {
          blocked++;
          continue;
        }
        const remote = byClientId.get(local.client_id);
        if (!remote) {
          if (local.server_id !== 0 || local.status !== 'Deleted') diverged.push(`${device}: order ${local.client_id} (${local.status}/${local.sync_status}) is not on the server`);
          continue;
        }
        const lines = linesOf.all(local.client_id).map((l) => ({ lineId: l.line_id, qty: l.qty, unitPrice: l.unit_price, discount: l.discount }));
        if (local.status !== remote.status || local.version !== remote.version || lineKey(lines) !== lineKey(remote.lines)) {
          diverged.push(`${device}: order ${remote.id} is ${local.status} v${local.version} with ${lines.length} lines here, ${remote.status} v${remote.version} with ${remote.lines.length} on the server`);
        }
        const sale = saleOf.get(local.client_id);
        if (sale && local.sync_status === 'Charged') {
          if (remote.sale?.clientId !== sale.client_id) {
            diverged.push(`${device}: sale ${sale.client_id} of order ${remote.id} is not the server's`);
          } else {
            const mine = txOfSale.all(sale.client_id).map((t) => t.tx_id);
            const theirs = remote.sale.transactions.map((t) => t.txId).sort();
            if (JSON.stringify(mine) !== JSON.stringify(theirs)) lost.push(`${device}: sale ${sale.client_id} carries ${theirs.length} of ${mine.length} transactions on the server`);
          }
          const ops = opsOf.all(local.client_id);
          const saleAt = ops.filter((o) => o.kind === 'sale').at(-1)?.done_at ?? '';
          const closeAt = ops.filter((o) => o.kind === 'close').at(-1)?.done_at ?? '';
          if (!(saleAt && closeAt && saleAt <= closeAt)) problems.push(`${device}: order ${remote.id}: sale not acknowledged before its close`);
        }
      }
    } finally {
      db.close();
    }
  }
  return { lost, diverged, problems, operations, conflictsResolved, blocked, settled, voided, ackedTransactions };
}
