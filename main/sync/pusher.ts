import { inTransaction, type Context } from '../context.ts';
import type { OrderSyncFacts } from '../orders/order-store.ts';
import type { OutboxRow } from '../outbox/outbox-store.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { ConnectivityTracker, type Reachability } from './connectivity.ts';
import type { HttpClient } from './http-client.ts';
import { LaneQueue } from './lane-queue.ts';
import { classify, type Outcome } from './outcome.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import { recordAnswer } from './record-answer.ts';
import type { RecoveryEnv } from './recovery.ts';
import type { SyncNotices } from './sync-notices.ts';
import { buildRequest, type FrozenRequest } from './requests.ts';
import { SyncStore } from './sync-store.ts';
import { noAnswer, requestMissing, requestUnbuildable } from './sync-problems.ts';
import type { Problem } from '../../common/problem.ts';

export interface PusherOptions {
  /** How many orders' lanes may have a request in flight at once. */
  concurrency: number;
  backoff: BackoffPolicy;
  failuresToOffline: number;
  random: () => number;
}

export const DEFAULT_PUSHER_OPTIONS: PusherOptions = {
  concurrency: 128,
  backoff: DEFAULT_BACKOFF,
  failuresToOffline: 3,
  random: Math.random,
};

interface Started {
  op: OutboxRow;
  request: FrozenRequest;
}

/**
 * Sends the outbox (SPEC §4). Each order is a lane whose operations go strictly in order, one
 * at a time; lanes run concurrently up to a bound. Work is done in ticks: one SQLite commit
 * records every answer that arrived since the last tick (each in a savepoint of its own: one that
 * cannot be recorded parks its operation alone, see `recordAnswer` in record-answer.ts) and
 * freezes every request about to be sent, then the requests go out. A crash between the two only
 * means resending a frozen request with its key, which the server answers from its idempotency
 * record.
 */
export class Pusher {
  private readonly ctx: Context;
  private readonly http: HttpClient;
  private readonly options: PusherOptions;
  private readonly store: SyncStore;
  private readonly env: RecoveryEnv;
  private readonly notices: SyncNotices;
  private readonly connectivity: ConnectivityTracker;
  /**
   * What the pull (puller.ts) tells of the server being reached. It decides online/offline only
   * while nothing waits to be pushed; otherwise the pushes' own answers do, so that a server that
   * answers reads but not writes does not flip between the two (and the pushes between one lane
   * and all of them) at every pull.
   */
  readonly pullReachability: Reachability = {
    answered: () => {
      if (this.idle()) this.connectivity.answered();
      // Offline with operations waiting out their backoff (up to a minute): the pull was
      // answered, so try them now rather than at their time; their answers decide.
      else if (!this.connectivity.online) this.retryNow(true);
    },
    networkFailed: () => {
      if (this.idle()) this.connectivity.networkFailed();
    },
  };
  private readonly lanes = new Map<string, OutboxRow[]>();
  private readonly busy = new Set<string>();
  private readonly queue = new LaneQueue();
  private readonly completed: Array<{ op: OutboxRow; outcome: Outcome }> = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly settledWaiters: Array<() => void> = [];
  private readonly toRefresh = new Set<string>();
  /** Orders the pull left alone while their request was unresolved: fetched once it is answered. */
  private readonly refreshAfterAnswer = new Set<string>();
  /** Orders whose request went to the old address before it changed: sent again at once if it gets no answer. */
  private readonly retargeted = new Set<string>();
  /** Fetches and merges the server's copy of an order (set by the sync engine). */
  onRefresh: (orderClientId: string) => Promise<void> = async () => {};
  private timer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private refreshing = 0;
  /** The status each busy order last showed, so unchanged ones are not announced again. */
  private readonly lastShown = new Map<string, string>();
  private lastProgressAt = 0;
  private running = false;
  private emitting = false;
  private unsubscribe: (() => void) | undefined;
  readonly counters = { sent: 0, done: 0, retried: 0, reissued: 0, resequenced: 0, failed: 0, blocked: 0, removed: 0, ticks: 0 };

  constructor(ctx: Context, http: HttpClient, notices: SyncNotices, options: Partial<PusherOptions> = {}) {
    this.ctx = ctx;
    this.http = http;
    this.notices = notices;
    this.options = { ...DEFAULT_PUSHER_OPTIONS, ...options };
    this.store = new SyncStore(ctx);
    this.connectivity = new ConnectivityTracker(ctx.connectivity, this.options.failuresToOffline, (online) => {
      this.lastProgressAt = 0; // tell the UI now: online/offline is news
      this.reportProgress();
      // Back online: what waited out a backoff for want of an answer goes now, not at its time.
      if (online) this.retryNow(true);
      this.schedule();
    });
    this.env = {
      ctx,
      store: this.store,
      now: () => ctx.clock.now(),
      delay: (attempts, retryAfterMs) => backoffDelay(attempts, this.options.backoff, this.options.random, retryAfterMs),
      notify: (orderClientId, kind, message) => notices.add(orderClientId, kind, message),
      refresh: (orderClientId) => this.toRefresh.add(orderClientId),
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // The lanes are read afresh: a stop keeps what it held, which the database may have moved past.
    this.lanes.clear();
    this.queue.clear();
    this.lastShown.clear();
    for (const op of this.store.openOperations()) {
      const lane = this.lanes.get(op.order_client_id);
      if (lane) lane.push(op);
      else this.lanes.set(op.order_client_id, [op]);
    }
    for (const id of this.lanes.keys()) this.queue.push(id);
    // Work committed by the services wakes its lane at once, ahead of any backlog.
    this.unsubscribe = this.ctx.events.on('order.changed', ({ orderClientId }) => {
      if (!this.emitting) this.notify(orderClientId);
    });
    this.schedule();
  }

  /** Stops sending; answers already on their way are still recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inflight]);
    if (this.completed.length > 0) this.applyAndStart(false);
    // The refreshes those answers asked for finish before the terminal may close.
    await Promise.allSettled([...this.inflight]);
  }

  notify(orderClientId: string): void {
    if (!this.running) return;
    this.queue.markFresh(orderClientId);
    this.reloadLane(orderClientId);
    if (!this.busy.has(orderClientId)) this.queue.push(orderClientId);
    this.schedule();
  }

  /**
   * Sends every waiting lane now rather than at its retry time (the backend's address changed),
   * or with `unanswered`, those whose last attempt got no answer (the server answers again).
   * Each operation keeps its key, frozen body and attempt count; only its retry time is cleared.
   */
  retryNow(unanswered = false): void {
    if (!this.running) return;
    const cleared = inTransaction(this.ctx, () => (unanswered ? this.store.clearUnansweredRetryTimes() : this.store.clearRetryTimes()));
    if (unanswered && cleared === 0) return;
    for (const id of [...this.lanes.keys()]) {
      if (this.busy.has(id) && !unanswered) this.retargeted.add(id); // to the old address: its outcome decides
      if (this.busy.has(id)) continue;
      this.reloadLane(id);
      if (this.lanes.has(id)) this.queue.push(id);
    }
    this.schedule();
  }

  /** Resolves when nothing is in flight, ready or waiting for a retry time. */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  isBusy(orderClientId: string): boolean {
    return this.busy.has(orderClientId);
  }

  refreshWhenResolved(orderClientId: string): void {
    this.refreshAfterAnswer.add(orderClientId);
  }

  get inFlight(): number {
    return this.busy.size;
  }

  /** Nothing in flight and nothing waiting to be sent (what waits for the staff is not sent). */
  private idle(): boolean {
    return this.busy.size === 0 && !this.ctx.stores.outbox.anyPending();
  }

  private isSettled(): boolean {
    return this.busy.size === 0 && this.refreshing === 0 && this.completed.length === 0 && this.queue.readyCount === 0 && this.queue.delayedCount === 0;
  }

  private schedule(): void {
    if (this.scheduled || !this.running) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      if (this.running) this.applyAndStart(true);
    };
    // Each tick costs one synchronous commit (an fsync). While many requests are in flight and
    // few answers are in, wait a moment (1 ms) so one commit records more of them. Longer waits
    // mean fewer commits but lanes idle meanwhile: in the drain bench 3 ms left the main thread
    // a tenth idle and drained 5–10 % slower.
    const gathering = this.busy.size >= 8 && this.completed.length < this.busy.size / 2;
    if (gathering) setTimeout(run, 1);
    else setImmediate(run);
  }

  private reloadLane(id: string): void {
    const ops = this.store.lane(id);
    if (ops.length === 0) {
      this.lanes.delete(id);
      this.queue.forget(id);
    } else {
      this.lanes.set(id, ops);
    }
  }

  private applyAndStart(startNew: boolean): void {
    if (!this.ctx.sqlite.open) return; // closed: nothing to record into
    this.counters.ticks++;
    const now = this.ctx.clock.now();
    const nextDue = this.queue.promoteDue(now);
    const results = this.completed.splice(0);
    const starts: Started[] = [];
    const touched = new Set<string>();
    const statuses = new Map<string, OrderSyncFacts | undefined>();
    try {
      inTransaction(this.ctx, () => {
        const changedLanes = new Set<string>();
        for (const { op, outcome } of results) {
          const applied = recordAnswer(this.env, this.notices, op, outcome, now);
          if (this.retargeted.delete(op.order_client_id) && applied === 'retry') this.store.clearRetryTime(op.seq);
          this.counters[applied === 'retry' ? 'retried' : applied]++;
          touched.add(op.order_client_id);
          // The pull left the order alone while this request was unresolved: fetch it now.
          if (applied !== 'retry' && this.refreshAfterAnswer.has(op.order_client_id)) {
            this.refreshAfterAnswer.delete(op.order_client_id);
            this.toRefresh.add(op.order_client_id);
          }
          const lane = this.lanes.get(op.order_client_id);
          // A done head simply leaves its lane; any other outcome may have rewritten the lane.
          if (applied === 'done' && lane?.[0]?.seq === op.seq) lane.shift();
          else changedLanes.add(op.order_client_id);
        }
        for (const id of touched) {
          this.busy.delete(id);
          if (changedLanes.has(id) || this.lanes.get(id)?.length === 0) this.reloadLane(id);
          if (this.lanes.has(id)) this.queue.push(id);
        }
        if (startNew) this.pickStarts(now, starts, touched);
        // Orders an answer moved a shipment away from (the server gave it to another order) are shown anew.
        for (const id of this.store.takeShipmentsMovedFrom()) touched.add(id);
        // Read here rather than after the commit: inside the transaction a read costs a third.
        for (const id of touched) statuses.set(id, this.ctx.stores.orders.syncFacts(id));
      });
    } catch (error) {
      // Nothing of this tick was committed: the answers are applied again on the next one.
      this.notices.drop();
      console.error('outbox tick failed; retrying shortly:', error);
      this.completed.unshift(...results);
      for (const s of starts) this.busy.delete(s.op.order_client_id);
      for (const s of starts) this.queue.push(s.op.order_client_id);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.schedule(), 250);
      return;
    }
    this.emitting = true;
    try {
      // Only real changes reach the UI: most answers leave an order's status as it was.
      for (const [id, row] of statuses) {
        const shown = row ? `${row.status}/${row.sync_status}` : undefined;
        if (row && shown !== this.lastShown.get(id)) {
          this.ctx.events.emit('order.changed', { orderClientId: id, status: row.status, syncStatus: row.sync_status });
        }
        if (shown && this.lanes.has(id)) this.lastShown.set(id, shown);
        else this.lastShown.delete(id);
      }
    } finally {
      this.emitting = false;
    }
    this.notices.flush();
    for (const s of starts) this.send(s);
    if (touched.size > 0) this.reportProgress();
    for (const id of this.toRefresh) {
      this.refreshing++;
      const refreshing = this.onRefresh(id)
        .catch((error: unknown) => console.error(`refreshing order ${id} failed:`, error))
        .finally(() => {
          this.refreshing--;
          this.inflight.delete(refreshing);
          this.schedule();
        });
      this.inflight.add(refreshing);
    }
    this.toRefresh.clear();
    const due = this.queue.promoteDue(this.ctx.clock.now()) ?? nextDue;
    if (this.queue.readyCount > 0 && this.busy.size < this.limit()) this.schedule();
    else if (due !== undefined && this.running) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.schedule(), Math.max(1, due - this.ctx.clock.now()));
    }
    if (this.isSettled()) for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  /** The outbox's progress for the UI (a progress bar while draining), at most a few times a second. */
  private reportProgress(): void {
    const now = this.ctx.clock.now();
    if (now - this.lastProgressAt < 250 && !this.isSettled()) return;
    this.lastProgressAt = now;
    this.ctx.events.emit('outbox.changed', { ...this.ctx.stores.outbox.openCounts(), online: this.ctx.connectivity.online });
  }

  private limit(): number {
    return this.connectivity.online ? this.options.concurrency : 1;
  }

  /** Freezes and lists the requests to send now; an order whose head had to be parked joins `touched`. */
  private pickStarts(now: number, starts: Started[], touched: Set<string>): void {
    const nowIso = new Date(now).toISOString();
    while (this.busy.size < this.limit()) {
      const id = this.queue.next();
      if (id === undefined) break;
      if (this.busy.has(id)) continue;
      let head = this.lanes.get(id)?.[0];
      if (head?.state === 'pending' && !this.store.isPending(head.seq)) {
        // The pull rewrote the lane after it was read (a sold order's operations re-sequenced,
        // its order.changed not yet out): what is sent is the lane as it is now.
        this.reloadLane(id);
        head = this.lanes.get(id)?.[0];
      }
      if (!head || head.state !== 'pending') continue; // empty, or stuck on a Failed/Blocked head
      const due = head.next_attempt_at ? Date.parse(head.next_attempt_at) : 0;
      if (due > now) {
        this.queue.delay(id, due);
        continue;
      }
      const request = this.requestFor(head, nowIso);
      if (!request) {
        touched.add(id);
        continue;
      }
      this.store.freeze(head, request, head.idempotency_key, nowIso);
      this.busy.add(id);
      starts.push({ op: { ...head, attempts: head.attempts + 1 }, request });
    }
  }

  /** The frozen request of an attempted operation, or a new one built from the order now. */
  private requestFor(op: OutboxRow, nowIso: string): FrozenRequest | undefined {
    if (op.request_id !== null) {
      const frozen = this.store.frozenRequest(op.request_id);
      if (frozen) return frozen;
      // Sent before with a body no longer known: another body under its key would be refused.
      this.park(op, requestMissing(op.request_id), nowIso);
      return undefined;
    }
    const snapshot = this.store.snapshot(op.order_client_id, op.kind);
    try {
      if (!snapshot) throw new Error(`order ${op.order_client_id} is missing`);
      return buildRequest({ kind: op.kind, fields: op.fields ? JSON.parse(op.fields) : null, payload: op.payload ? JSON.parse(op.payload) : null, targetId: op.target_id }, snapshot);
    } catch (error) {
      this.park(op, requestUnbuildable((error as Error).message), nowIso);
      return undefined;
    }
  }

  /** An operation that cannot be sent as it is: Failed with the reason, and the order shows it. */
  private park(op: OutboxRow, reason: Problem, nowIso: string): void {
    this.store.park(op.seq, 'failed', reason, nowIso);
    this.reloadLane(op.order_client_id);
    if (this.ctx.stores.orders.syncFacts(op.order_client_id)) refreshSyncStatus(this.ctx, op.order_client_id);
  }

  private send({ op, request }: Started): void {
    this.counters.sent++;
    const promise = this.http.send(request, op.idempotency_key).then((result) => {
      this.inflight.delete(promise);
      if (!this.ctx.sqlite.open) {
        // The terminal closed meanwhile: the answer is dropped, and the request sent again with
        // its key at the next start (the server answers it as it did the first time).
        this.busy.delete(op.order_client_id);
        return;
      }
      let outcome: Outcome;
      if (result.ok) {
        this.connectivity.answered();
        outcome = classify(op.kind, result);
      } else {
        this.connectivity.networkFailed();
        outcome = { type: 'unknown', problem: noAnswer(result.reason), retryAfterMs: null, network: true };
      }
      this.completed.push({ op, outcome });
      this.schedule();
    });
    this.inflight.add(promise);
  }
}
