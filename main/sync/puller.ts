import { Change, ChangesPage, Order, type OrderStateRule, type Product } from '../../common/backend-api.ts';
import { orderNumber } from '../../common/order-label.ts';
import { inTransaction, type Context } from '../context.ts';
import { OrderApplier, type LaneState } from './apply-order.ts';
import type { Reachability } from './connectivity.ts';
import type { HttpClient } from './http-client.ts';
import { errorDetail } from '../errors.ts';
import { issueText } from './pull-details.ts';
import { PullHttp, tokenRefusal } from './pull-http.ts';
import { keepNotTaken, keepToFetchAgain, leftAlone, leftAloneOrders, notTaken, taken } from './pull-refetch.ts';
import { keepStepState, keptStepStates, stepStateSettled, StepStateOwners } from './pull-step-states.ts';
import { fetchDue, markDue, type RulesCatalogPull } from './pull-rules-catalog.ts';
import { errorOf, safeJson } from './outcome.ts';
import type { SyncNotices } from './sync-notices.ts';
import { inSavepoint, type SyncStore } from './sync-store.ts';
import { badCursor, changeSkipped, pullFailed, pullNoAnswer, unexpectedAnswer } from './sync-problems.ts';
import type { Problem } from '../../common/problem.ts';

export type { LaneState } from './apply-order.ts';

/** What the pull hands to other domains (step states, rules, catalog), inside its transaction. */
export interface PullHooks {
  stepState?(change: Extract<Change, { kind: 'stepState' }>['stepState']): string | null;
  stepStateRemoved?(id: string): string | null;
  /** After a page's changes, in its transaction: what they made takeable (e.g. notices whose shipment came); the orders changed. */
  afterChanges?(): Iterable<string>;
  /** A newer rule set or catalog, fetched after the page that announced it. */
  rules?(rules: OrderStateRule[], version: number): void;
  catalog?(products: Product[], version: number): void;
  /** After each page's commit, e.g. to run the order-state reconstruction. */
  afterPage?(): void;
}

export interface PullerOptions {
  intervalMs: number;
  pageSize: number;
}

/**
 * Pulls `/v2/changes` with a durable cursor and merges what other terminals, the back office and
 * carriers did (SPEC §4 "Pull"). Each page is merged and its cursor stored in one transaction,
 * each change in a savepoint of its own: one the terminal cannot take is skipped and recorded, and
 * the rest of the page, the cursor and the later pages go on (SPEC §7).
 * Local transactions are never touched; orders with local work pending are merged, not replaced.
 * This is the loop that drives the pull: one order is applied by `OrderApplier` (apply-order.ts),
 * the orders to fetch again are kept by pull-refetch.ts, and the rule set and catalog a page
 * announces are fetched by pull-rules-catalog.ts.
 */
export class Puller {
  private readonly ctx: Context;
  private readonly http: PullHttp;
  private readonly store: SyncStore;
  private readonly notices: SyncNotices;
  private readonly options: PullerOptions;
  private readonly hooks: PullHooks;
  private readonly orders: OrderApplier;
  private readonly rulesCatalog: RulesCatalogPull;
  private readonly stepStateOwners: StepStateOwners;
  private timer: NodeJS.Timeout | undefined;
  private pulling: Promise<number> | undefined;
  /**
   * What this pull met that did not stop it (a change skipped, a rule set or catalog not taken):
   * the last error until the next pull, so a page taken after it does not hide it.
   */
  private pullProblem: Problem | null = null;
  /** Orders whose change this pull skipped: not fetched again before the next pull. */
  private readonly skippedNow = new Set<string>();
  private pullError: Problem | null = null;
  lastPullAt: string | null = null;

  constructor(
    ctx: Context,
    http: HttpClient,
    store: SyncStore,
    notices: SyncNotices,
    options: PullerOptions,
    hooks: PullHooks,
    lanes: LaneState,
    reachability: Reachability,
  ) {
    this.ctx = ctx;
    this.http = new PullHttp(http, reachability, () => ctx.sqlite.open);
    this.store = store;
    this.notices = notices;
    this.options = options;
    this.hooks = hooks;
    this.orders = new OrderApplier(ctx, store, notices, lanes);
    this.stepStateOwners = new StepStateOwners(ctx);
    this.rulesCatalog = { ctx, http: this.http, hooks, record: (problem) => this.record(problem), transact: (work) => this.transact(work) };
  }

  /**
   * The last pull's error; else why an order of another terminal is not taken here yet, until it
   * is (`NOT_TAKEN`, pull-refetch.ts), or a step state (pull-step-states.ts): a pull that
   * otherwise went through, or a restart, does not hide it.
   */
  get lastError(): Problem | null {
    if (this.pullError || !this.ctx.sqlite.open) return this.pullError;
    return notTaken(this.ctx).at(-1)?.problem ?? keptStepStates(this.ctx).at(-1)?.problem ?? null;
  }

  set lastError(problem: Problem | null) {
    this.pullError = problem;
  }

  start(): void {
    const loop = () => {
      this.pullOnce()
        .catch((error: unknown) => {
          this.lastError = pullFailed(String(error));
        })
        .finally(() => {
          if (this.timer !== undefined) this.timer = setTimeout(loop, this.options.intervalMs);
        });
    };
    this.timer = setTimeout(loop, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.pulling?.catch(() => 0);
  }

  /** One transaction; the notifications it wrote are announced once it committed. */
  private transact<T>(work: () => T): T {
    let result: T;
    try {
      result = inTransaction(this.ctx, work);
    } catch (error) {
      this.notices.drop();
      throw error;
    }
    this.notices.flush();
    return result;
  }

  /** Pulls every page available now; returns how many changes were merged. */
  pullOnce(): Promise<number> {
    this.pulling ??= this.http.pull(() => this.pullPages()).finally(() => {
      this.pulling = undefined;
    });
    return this.pulling;
  }

  private async pullPages(): Promise<number> {
    let merged = 0;
    this.pullProblem = null;
    this.skippedNow.clear();
    await fetchDue(this.rulesCatalog); // what an earlier pull could not fetch
    for (let page = 0; page < 1000; page++) {
      const cursor = this.ctx.stores.settings.get<string>('pull.cursor');
      const query = `limit=${this.options.pageSize}${cursor ? `&since=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await this.http.get(`/v2/changes?${query}`);
      if (!this.ctx.sqlite.open) return merged; // the terminal closed meanwhile
      if (!answer.ok) {
        this.lastError = pullNoAnswer(answer.reason);
        return merged;
      }
      const refused = tokenRefusal(answer);
      if (refused) {
        this.lastError = refused;
        return merged;
      }
      if (answer.status === 400 && errorOf(answer.text)?.code === 'bad_cursor') {
        // The server no longer knows our cursor: start over; merging is idempotent.
        this.transact(() => this.ctx.stores.settings.set('pull.cursor', ''));
        this.lastError = badCursor();
        continue;
      }
      // The page's frame is checked here, each change on its own below: one change this terminal
      // cannot take is skipped (and recorded), never the page, whose cursor moves on.
      const parsed = ChangesPage.safeParse(safeJson(answer.text));
      if (answer.status !== 200 || !parsed.success) {
        this.lastError = unexpectedAnswer({ what: 'pull' }, answer.status, parsed.success ? undefined : issueText(parsed.error));
        return merged;
      }
      const page = parsed.data;
      const touched = this.transact(() => {
        const ids = new Set<string>();
        const kinds = new Set<string>();
        page.changes.forEach((raw, index) => {
          const change = this.validChange(raw, index);
          if (!change) return;
          const id = this.applyChange(change);
          if (id === undefined) return; // skipped
          kinds.add(change.kind);
          merged++;
          if (id) ids.add(id);
        });
        for (const id of this.retakeStepStates()) ids.add(id);
        for (const id of this.hooks.afterChanges?.() ?? []) ids.add(id);
        for (const id of this.store.takeShipmentsMovedFrom()) ids.add(id);
        markDue(this.ctx, kinds);
        this.ctx.stores.settings.set('pull.cursor', page.cursor);
        return ids;
      });
      this.lastError = this.pullProblem;
      this.lastPullAt = this.ctx.clock.iso();
      this.hooks.afterPage?.();
      // Announced before the rules and catalog are fetched: the pusher reads the lanes this page
      // re-sequenced now, not after those requests.
      for (const id of touched) {
        const row = this.ctx.stores.orders.get(id);
        if (row) this.ctx.events.emit('order.changed', { orderClientId: id, status: row.status, syncStatus: row.sync_status });
      }
      await fetchDue(this.rulesCatalog);
      if (!page.hasMore) break;
    }
    await this.catchUp();
    return merged;
  }

  /** A problem that does not stop the pull: the last error until the next pull (see `pullProblem`). */
  private record(problem: Problem): void {
    this.pullProblem = problem;
    this.lastError = problem;
  }

  /**
   * One change of a page as the contract says it, or undefined when it is not (recorded naming the
   * field, and skipped). An order's is also kept to fetch again at every pull (`NOT_TAKEN`), its
   * problem shown until the server sends the order as the contract says: the cursor moves past
   * this change, and nothing else would bring the order again. A step state that names another
   * order than its shipment's is not taken either (`ownedStepState`). A change of a kind this
   * terminal does not know passes, to be ignored. In the page's transaction.
   */
  private validChange(raw: unknown, index: number): Change | undefined {
    const parsed = Change.safeParse(raw);
    if (parsed.success) return this.ownedStepState(parsed.data);
    const shape = raw as { kind?: unknown; order?: { id?: unknown; clientId?: unknown } } | null;
    const serverId = shape?.kind === 'order' ? shape.order?.id : undefined;
    if (typeof serverId === 'number' && Number.isSafeInteger(serverId) && serverId > 0) {
      const problem = unexpectedAnswer({ what: 'order', serverId }, 200, issueText(parsed.error, ['order']));
      this.record(problem);
      const clientId = typeof shape?.order?.clientId === 'string' ? shape.order.clientId : '';
      keepNotTaken(this.ctx, serverId, clientId, problem);
      this.skippedNow.add(clientId); // not fetched again by this pull's catch-up
    } else {
      this.record(unexpectedAnswer({ what: 'pull' }, 200, `changes.${index}.${issueText(parsed.error)}`));
    }
    return undefined;
  }

  /**
   * A step state whose `orderId` is not its shipment's order here is not taken for either order:
   * recorded, and kept (pull-step-states.ts) until the server sends it right. Any other change
   * passes. In the page's transaction, after the page's earlier changes.
   */
  private ownedStepState(change: Change): Change | undefined {
    if (change.kind !== 'stepState') return change;
    const problem = this.stepStateOwners.problem(change.stepState);
    if (problem === null) return change;
    this.record(problem);
    keepStepState(this.ctx, change.stepState, problem);
    return undefined;
  }

  /**
   * The kept step states that can be taken now (a later change moved the shipment to the order
   * they name), each in its own savepoint; the ids of the orders they changed. A shipment not held
   * here any more leaves its step state kept. In the page's transaction.
   */
  private retakeStepStates(): string[] {
    const ids: string[] = [];
    for (const { stepState } of keptStepStates(this.ctx)) {
      if (!this.stepStateOwners.held(stepState) || this.stepStateOwners.problem(stepState) !== null) continue;
      try {
        const id = inSavepoint(this.ctx, this.notices, () => this.apply({ kind: 'stepState', stepState }));
        if (id) ids.push(id);
      } catch (error) {
        this.record(changeSkipped(`stepState: ${errorDetail(error)}`));
      }
    }
    return ids;
  }

  /**
   * Applies one change in its own savepoint. One that throws is rolled back alone and skipped, its
   * order left as it is here, or not taken if not held here (fetched again at the next pulls until
   * taken: `keepToFetch`), and recorded naming it; the rest of the page and the cursor go on.
   * Undefined when skipped.
   */
  private applyChange(change: Change): string | null | undefined {
    let id: string | null;
    try {
      id = inSavepoint(this.ctx, this.notices, () => this.apply(change));
    } catch (error) {
      if (change.kind !== 'order') {
        this.record(changeSkipped(`${change.kind}: ${errorDetail(error)}`));
        return undefined;
      }
      this.keepToFetch(change.order, error);
      this.skippedNow.add(change.order.clientId);
      return undefined;
    }
    if (change.kind === 'order') taken(this.ctx, change.order.id);
    return id;
  }

  /**
   * After a change of `order` could not be taken (rolled back): recorded naming the order, and the
   * order fetched again at the next pulls until it is taken (`keepToFetchAgain`, pull-refetch.ts).
   * In a transaction.
   */
  private keepToFetch(order: Order, error: unknown): void {
    const problem = changeSkipped(errorDetail(error), orderNumber({ serverId: order.id, clientId: order.clientId }));
    this.record(problem);
    keepToFetchAgain(this.ctx, order, problem);
  }

  /**
   * Fetches the orders the pull left alone while a request of theirs was unresolved, once it is
   * resolved. The list is kept in the database with the cursor, so a crash loses none of them.
   */
  private async catchUp(): Promise<void> {
    for (const id of leftAloneOrders(this.ctx)) {
      if (!this.ctx.sqlite.open) return;
      if (!this.orders.unresolved(id) && !this.skippedNow.has(id)) await this.refresh(id);
    }
    // The orders not taken yet (`NOT_TAKEN`: of other terminals, or sent as the contract does not allow), by their server id.
    for (const { serverId, clientId } of this.ctx.sqlite.open ? notTaken(this.ctx) : []) {
      if (!this.ctx.sqlite.open) return;
      if (!this.skippedNow.has(clientId)) await this.fetchOrder(serverId, () => taken(this.ctx, serverId));
    }
  }

  /** Fetches one order from the server and merges it, even at a version already known. */
  async refresh(orderClientId: string): Promise<void> {
    const serverId = this.ctx.stores.orders.get(orderClientId)?.server_id;
    if (!serverId) {
      this.transact(() => leftAlone(this.ctx, orderClientId, false)); // never on the server
      return;
    }
    await this.fetchOrder(serverId, () => leftAlone(this.ctx, orderClientId, false));
  }

  /** Fetches one order by its server id and merges it; `gone` (in a transaction) when the server has none. */
  private async fetchOrder(serverId: number, gone: () => void): Promise<void> {
    const answer = await this.http.get(`/v2/orders/${serverId}`);
    if (!answer.ok || !this.ctx.sqlite.open) return;
    const refused = tokenRefusal(answer);
    if (refused) {
      this.lastError = refused;
      return;
    }
    if (answer.status === 404) {
      this.transact(gone); // nothing to catch up with
      return;
    }
    const order = answer.status === 200 ? Order.safeParse(safeJson(answer.text)) : undefined;
    if (!order?.success) {
      this.record(unexpectedAnswer({ what: 'order', serverId }, answer.status, order ? issueText(order.error) : undefined));
      return;
    }
    this.applyFetched(order.data);
  }

  /** Merges one order fetched outside the feed, even at a known version. */
  private applyFetched(order: Order): void {
    let ids: string[];
    try {
      ids = this.transact(() => {
        this.orders.deferred = false;
        const merged = this.orders.applyOrder(order, true);
        if (!this.orders.deferred) leftAlone(this.ctx, order.clientId, false);
        taken(this.ctx, order.id);
        return [...(merged ? [merged] : []), ...this.store.takeShipmentsMovedFrom()];
      });
    } catch (error) {
      // As a change of a page that throws: left as it is here, recorded, and fetched again at the next pull.
      this.transact(() => this.keepToFetch(order, error));
      return;
    }
    for (const id of ids) {
      const row = this.ctx.stores.orders.get(id);
      if (row) this.ctx.events.emit('order.changed', { orderClientId: row.client_id, status: row.status, syncStatus: row.sync_status });
    }
  }

  private apply(change: Change): string | null {
    switch (change.kind) {
      case 'order':
        return this.orders.applyOrder(change.order);
      case 'stepState':
        stepStateSettled(this.ctx, change.stepState.id);
        return this.hooks.stepState?.(change.stepState) ?? null;
      case 'stepStateRemoved':
        stepStateSettled(this.ctx, change.id);
        return this.hooks.stepStateRemoved?.(change.id) ?? null;
      default:
        return null;
    }
  }
}
