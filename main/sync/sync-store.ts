import type { Statement } from 'better-sqlite3';
import type { Order } from '../../common/backend-api.ts';
import type { Customer, OutboxKind, PaymentMethod } from '../../common/entities.ts';
import { storedFacts, type Problem } from '../../common/problem.ts';
import type { Context } from '../context.ts';
import type { OutboxRow } from '../outbox/outbox-store.ts';
import { totalOf } from '../orders/order-lines.ts';
import type { MergeSide } from './merge.ts';
import type { SyncNotices } from './sync-notices.ts';
import type { FrozenRequest, OrderSnapshot } from './requests.ts';

/** SQL the sync engine needs beyond the services' stores. Every method runs inside a caller's transaction. */
export class SyncStore {
  private readonly ctx: Context;
  private readonly openOpsStmt: Statement<[], OutboxRow>;
  private readonly laneStmt: Statement<[string], OutboxRow>;
  private readonly freezeStmt: Statement<unknown[]>;
  private readonly insertRequestStmt: Statement<[number, string]>;
  private readonly requestStmt: Statement<[number], string>;
  private readonly doneStmt: Statement<unknown[]>;
  private readonly retryStmt: Statement<unknown[]>;
  private readonly clearRetryTimesStmt: Statement<[]>;
  private readonly clearUnansweredStmt: Statement<[]>;
  private readonly clearRetryTimeStmt: Statement<[number]>;
  private readonly parkStmt: Statement<unknown[]>;
  private readonly renewStmt: Statement<unknown[]>;
  private readonly fieldsStmt: Statement<unknown[]>;
  private readonly serverFieldsStmt: Statement<unknown[]>;
  private readonly pendingStmt: Statement<[number], number>;
  private readonly saleDoneStmt: Statement<[string, string], number>;
  private readonly versionStmt: Statement<unknown[]>;
  private readonly saleTxStmt: Statement<[string], { tx_id: string; method: string; amount: number; reference: string | null; tendered: number | null; change: number | null; at: string }>;
  private readonly shipmentsMovedFrom = new Set<string>();

  constructor(ctx: Context) {
    this.ctx = ctx;
    const db = ctx.sqlite;
    this.openOpsStmt = db.prepare(`select * from outbox where state in ('pending', 'failed', 'blocked') order by seq`);
    this.laneStmt = db.prepare(`select * from outbox where order_client_id = +? and state in ('pending', 'failed', 'blocked') order by seq`);
    this.freezeStmt = db.prepare(
      `update outbox set request_id = coalesce(@requestId, request_id), attempts = attempts + 1, updated_at = @now,
         keys = case when exists (select 1 from json_each(keys) where value = @key) then keys else json_insert(keys, '$[#]', @key) end
       where seq = @seq`,
    );
    this.pendingStmt = db.prepare<[number], number>(`select 1 from outbox where seq = ? and state = 'pending'`).pluck();
    this.saleDoneStmt = db.prepare<[string, string], number>(
      `select 1 from outbox where order_client_id = +? and kind = 'sale' and target_id = ? and state = 'done'`,
    ).pluck();
    this.insertRequestStmt = db.prepare('insert into outbox_requests (seq, request) values (?, ?)');
    this.requestStmt = db.prepare<[number], string>('select request from outbox_requests where id = ?').pluck();
    this.doneStmt = db.prepare(`update outbox set state = 'done', done_at = ?, updated_at = ?, last_error = null, last_problem = null, next_attempt_at = null where seq = ?`);
    this.retryStmt = db.prepare(`update outbox set next_attempt_at = ?, last_error = ?, last_problem = ?, updated_at = ? where seq = ?`);
    // `state in (…open…)` in literals lets the planner take the open-state index: otherwise every
    // operation ever sent is read, inside a write transaction, each time the server answers again.
    this.clearRetryTimesStmt = db.prepare(
      `update outbox set next_attempt_at = null where state in ('pending', 'failed', 'blocked') and state = 'pending' and next_attempt_at is not null`,
    );
    this.clearRetryTimeStmt = db.prepare(`update outbox set next_attempt_at = null where seq = ? and state = 'pending'`);
    this.clearUnansweredStmt = db.prepare(
      `update outbox set next_attempt_at = null
       where state in ('pending', 'failed', 'blocked') and state = 'pending' and next_attempt_at is not null
         and json_extract(last_problem, '$.code') = 'no_answer'`,
    );
    this.parkStmt = db.prepare(`update outbox set state = ?, last_error = ?, last_problem = ?, updated_at = ? where seq = ?`);
    this.renewStmt = db.prepare(
      `update outbox set idempotency_key = ?, request_id = null, state = 'pending', next_attempt_at = null, last_error = ?, last_problem = ?,
         fields = coalesce(?, fields), updated_at = ? where seq = ?`,
    );
    this.fieldsStmt = db.prepare('update outbox set fields = ?, updated_at = ? where seq = ? and request_id is null');
    // An answer replayed late can carry an older version than one already learned: keep the newer.
    this.serverFieldsStmt = db.prepare(
      `update orders set server_id = case when server_id = 0 then @id else server_id end,
         server_base = case when @version >= version then @base else server_base end,
         version = max(version, @version)
       where client_id = @clientId`,
    );
    this.versionStmt = db.prepare('update orders set version = max(version, @version) where client_id = @clientId');
    this.saleTxStmt = db.prepare(
      `select tx_id, method, amount, reference, tendered, change, at from transactions where sale_client_id = +? order by at, rowid`,
    );
  }

  openOperations(): OutboxRow[] {
    return this.openOpsStmt.all();
  }

  lane(orderClientId: string): OutboxRow[] {
    return this.laneStmt.all(orderClientId);
  }

  /** Whether the operation is still waiting to be sent (the pull may have cancelled it since it was read). */
  isPending(seq: number): boolean {
    return this.pendingStmt.get(seq) !== undefined;
  }

  /** Whether the server took this sale (its operation is done): it holds one sale an order, so then the one it holds is this. */
  saleAccepted(orderClientId: string, saleClientId: string): boolean {
    return this.saleDoneStmt.get(orderClientId, saleClientId) !== undefined;
  }

  /**
   * Records an attempt about to be sent: its key among the operation's keys and, at the first
   * attempt (none frozen yet), the request itself, which every retry then sends unchanged.
   */
  freeze(op: Pick<OutboxRow, 'seq' | 'request_id'>, request: FrozenRequest, key: string, now: string): void {
    const requestId = op.request_id === null ? Number(this.insertRequestStmt.run(op.seq, JSON.stringify(request)).lastInsertRowid) : null;
    this.freezeStmt.run({ requestId, now, key, seq: op.seq });
  }

  /** The request frozen for an operation (its `request_id`), if it is there. */
  frozenRequest(requestId: number): FrozenRequest | undefined {
    const text = this.requestStmt.get(requestId);
    return text === undefined ? undefined : (JSON.parse(text) as FrozenRequest);
  }

  markDone(seq: number, now: string): void {
    this.doneStmt.run(now, now, seq);
  }

  scheduleRetry(seq: number, at: string, problem: Problem, now: string): void {
    this.retryStmt.run(at, problem.message, storedFacts(problem), now, seq);
  }

  /** Every waiting operation may go now (keys, bodies and attempts kept); returns how many waited. */
  clearRetryTimes(): number {
    return this.clearRetryTimesStmt.run().changes;
  }

  /** The same for one operation (its request went to the server's old address). */
  clearRetryTime(seq: number): void {
    this.clearRetryTimeStmt.run(seq);
  }

  /**
   * The same for operations waiting because their last attempt got no answer (not those the
   * server asked to wait, with a 5xx, 429 or Retry-After): the server answers again.
   */
  clearUnansweredRetryTimes(): number {
    return this.clearUnansweredStmt.run().changes;
  }

  park(seq: number, state: 'failed' | 'blocked' | 'cancelled', problem: Problem, now: string): void {
    this.parkStmt.run(state, problem.message, storedFacts(problem), now, seq);
  }

  /** What an update not yet sent will report (its body is built from the order when it is frozen). */
  setFields(seq: number, fields: readonly string[], now: string): void {
    this.fieldsStmt.run(JSON.stringify(fields), now, seq);
  }

  /** A new request after a definite refusal: a new key, the body rebuilt at the next attempt. */
  renew(seq: number, reason: Problem, now: string, fields?: readonly string[]): void {
    this.renewStmt.run(crypto.randomUUID(), reason.message, storedFacts(reason), fields ? JSON.stringify(fields) : null, now, seq);
  }

  /** Records what the server said the order now is: its id (once), version and the merge base. */
  adoptServerOrder(orderClientId: string, order: Order, newBase = true): void {
    if (newBase) this.serverFieldsStmt.run({ id: order.id, version: order.version, base: JSON.stringify(order), clientId: orderClientId });
    else this.versionStmt.run({ version: order.version, clientId: orderClientId });
  }

  /**
   * The order as a request needs it. `kind` limits the reads to what that request carries (a
   * close needs only the id and version; a sale its transactions; a create everything).
   */
  snapshot(orderClientId: string, kind?: OutboxKind): OrderSnapshot | undefined {
    const { orders, payments } = this.ctx.stores;
    const row = orders.get(orderClientId);
    if (!row) return undefined;
    const needsContent = kind === undefined || kind === 'create' || kind === 'update';
    const sale = kind === undefined || kind === 'sale' ? payments.sale(orderClientId) : null;
    return {
      clientId: row.client_id,
      serverId: row.server_id,
      version: row.version,
      status: row.status,
      currency: row.currency,
      total: row.total,
      customer: row.customer ? (JSON.parse(row.customer) as Customer) : null,
      deliveryAddress: row.delivery_address,
      lines: needsContent ? orders.lines(orderClientId) : [],
      shipments: needsContent && row.delivery_address !== null ? orders.shipments(orderClientId) : [],
      createdAt: row.created_at,
      sale: sale
        ? {
            ...sale,
            transactions: this.saleTxStmt.all(sale.clientId).map((t) => ({
              txId: t.tx_id,
              method: t.method as PaymentMethod,
              amount: t.amount,
              reference: t.reference,
              tendered: t.tendered,
              change: t.change,
              at: t.at,
            })),
          }
        : null,
    };
  }

  /**
   * The last server copy this terminal knows, the base of a three-way merge: the server's last
   * answer, or, before the first answer arrived, the create request already sent (what the
   * server stored if it processed it).
   */
  mergeBase(orderClientId: string): MergeSide | null {
    const row = this.ctx.stores.orders.get(orderClientId);
    if (row?.server_base) return serverSide(JSON.parse(row.server_base) as Order);
    const create = this.ctx.sqlite
      .prepare<[string], string>(
        `select r.request from outbox o join outbox_requests r on r.id = o.request_id where o.order_client_id = ? and o.kind = 'create'`,
      )
      .pluck()
      .get(orderClientId);
    if (create === undefined) return null;
    const body = (JSON.parse(create) as FrozenRequest).body as Pick<Order, 'status' | 'lines' | 'customer' | 'delivery'>;
    return serverSide({ ...body, id: 0, clientId: orderClientId, deviceId: '', currency: 'EUR', total: 0, saleId: null, version: 0, createdAt: '', updatedAt: '' } as Order);
  }

  /** The local order as a merge side. */
  mergeSide(orderClientId: string): MergeSide | undefined {
    const snap = this.snapshot(orderClientId);
    if (!snap) return undefined;
    return {
      status: snap.status,
      lines: snap.lines,
      customer: snap.customer,
      delivery: snap.deliveryAddress === null ? null : { address: snap.deliveryAddress, shipments: snap.shipments },
    };
  }

  /** Stores an order first seen through the pull (made on another terminal or in the back office). */
  insertRemote(order: Order): void {
    const side = serverSide(order);
    this.ctx.sqlite
      .prepare(
        `insert into orders (client_id, server_id, version, status, sync_status, currency, total, local_rev, server_base, created_at, updated_at)
         values (?, ?, ?, ?, 'Synced', ?, ?, 0, ?, ?, ?)`,
      )
      .run(order.clientId, order.id, order.version, order.status, order.currency, order.total, JSON.stringify(order), order.createdAt, order.updatedAt);
    this.writeContent(order.clientId, side);
  }

  /**
   * Writes a merged or adopted order content (lines, customer, delivery, status) and its total.
   * The content is the server's, or merged with it: a shipment it lists that another order here
   * still lists is moved to this one (the server decides which order owns a shipment; see
   * `takeShipmentsMovedFrom`).
   */
  writeContent(orderClientId: string, side: MergeSide): void {
    const db = this.ctx.sqlite;
    const { orders } = this.ctx.stores;
    db.prepare('delete from order_lines where order_client_id = ?').run(orderClientId);
    for (const line of side.lines) orders.insertLine(orderClientId, line);
    orders.setCustomer(orderClientId, side.customer);
    const takenFrom = orders.setDelivery(orderClientId, side.delivery?.address ?? null, side.delivery?.shipments ?? [], { fromServer: true });
    for (const id of takenFrom) this.shipmentsMovedFrom.add(id);
    orders.setStatus(orderClientId, side.status);
    db.prepare('update orders set total = ? where client_id = ?').run(totalOf(side.lines), orderClientId);
  }

  /**
   * The orders `writeContent` moved a shipment away from since the last call, for the caller to
   * announce once its transaction committed (one rolled back since only means an extra announcement).
   */
  takeShipmentsMovedFrom(): string[] {
    const ids = [...this.shipmentsMovedFrom];
    this.shipmentsMovedFrom.clear();
    return ids;
  }
}

/** One savepoint runner a connection (better-sqlite3 nests a transaction function as a savepoint), made once: one per answer costs. */
const savepointRunners = new WeakMap<Context['sqlite'], (work: () => unknown) => unknown>();

/**
 * Runs `work` in a savepoint of the caller's transaction: a throw rolls back what it wrote, and
 * only that (the notifications it wrote are not announced either), and is rethrown for the caller
 * to record. One change or answer the terminal cannot take so never undoes the others.
 */
export function inSavepoint<T>(ctx: Pick<Context, 'sqlite'>, notices: SyncNotices, work: () => T): T {
  let run = savepointRunners.get(ctx.sqlite);
  if (!run) savepointRunners.set(ctx.sqlite, (run = ctx.sqlite.transaction((inner: () => unknown) => inner())));
  const mark = notices.mark();
  try {
    return run(work) as T;
  } catch (error) {
    notices.dropSince(mark);
    throw error;
  }
}

/** The server's order as a merge side (nullable fields normalised to the terminal's shapes). */
export function serverSide(order: Order): MergeSide {
  return {
    status: order.status,
    lines: order.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, name: l.name, qty: l.qty, unitPrice: l.unitPrice, discount: l.discount })),
    customer: order.customer ? { name: order.customer.name, ...(order.customer.phone ? { phone: order.customer.phone } : {}) } : null,
    delivery: order.delivery
      ? { address: order.delivery.address, shipments: order.delivery.shipments.map((s) => ({ shipmentId: s.shipmentId, carrier: s.carrier, trackingNo: s.trackingNo ?? '' })) }
      : null,
  };
}
