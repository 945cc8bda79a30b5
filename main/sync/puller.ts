import type { z } from 'zod';
import { CatalogResponse, Change, ChangesPage, Order, OrderStateRulesResponse, type OrderStateRule, type Product } from '../../common/backend-api.ts';
import { orderNumber } from '../../common/order-label.ts';
import { CATALOG_SETTING } from '../catalog/catalog-service.ts';
import { inTransaction, type Context } from '../context.ts';
import { mergeFields, type UpdateField } from '../outbox/coalesce.ts';
import type { Reachability } from './connectivity.ts';
import type { HttpClient } from './http-client.ts';
import { PullHttp, tokenRefusal } from './pull-http.ts';
import { resequence } from './lane-edit.ts';
import { mergeSold, overriddenBySale, saleOverrodeMessage, type SoldMerge } from './recovery.ts';
import { adoptServerFinal, adoptSettledServerFinal, heldMoney, holdsMoney, serverFinalReason, yieldOvertakenDeletion } from './server-final.ts';
import { errorOf, safeJson } from './outcome.ts';
import { mergeOrder } from './merge.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import type { SyncNotices } from './sync-notices.ts';
import { inSavepoint, serverSide, type SyncStore } from './sync-store.ts';
import { badCursor, changeSkipped, pullFailed, pullNoAnswer, unexpectedAnswer, type Asked } from './sync-problems.ts';
import type { Problem } from '../../common/problem.ts';

/** What the pull hands to other domains (step states, rules, catalog), inside its transaction. */
export interface PullHooks {
  stepState?(change: Extract<Change, { kind: 'stepState' }>['stepState']): string | null;
  stepStateRemoved?(id: string): string | null;
  /** A newer rule set or catalog, fetched after the page that announced it. */
  rules?(rules: OrderStateRule[], version: number): void;
  catalog?(products: Product[], version: number): void;
  /** After each page's commit, e.g. to run the order-state reconstruction. */
  afterPage?(): void;
}

/** Settings key of the orders the pull left alone, to fetch again (see `Puller.defer`). */
const LEFT_ALONE = 'pull.leftAlone';

/**
 * Settings key of the orders this terminal does not hold whose change it could not take (see
 * `Puller.applyChange`): by server id, fetched again at every pull until taken, with the problem
 * shown meanwhile. Kept with the cursor that moved past their change, so none is lost.
 */
const NOT_TAKEN = 'pull.notTaken';
type NotTaken = { serverId: number; clientId: string; problem: Problem };

/**
 * Settings keys of a rule set or catalog a pulled page announced and that is not fetched yet: set
 * with that page's cursor and cleared once fetched, so neither a failed fetch nor a crash in
 * between leaves the terminal on the old one until the server publishes the next.
 */
const DUE = { rules: 'pull.rulesDue', catalog: 'pull.catalogDue' } as const;

/** What the pull needs to know of the pusher. */
export interface LaneState {
  /** A request of this order is in flight. */
  isBusy(orderClientId: string): boolean;
  /** Fetch the order again once its unresolved request has its answer (see `applyOrder`). */
  refreshWhenResolved(orderClientId: string): void;
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
 */
export class Puller {
  private readonly ctx: Context;
  private readonly http: PullHttp;
  private readonly store: SyncStore;
  private readonly notices: SyncNotices;
  private readonly options: PullerOptions;
  private readonly hooks: PullHooks;
  private readonly lanes: LaneState;
  private timer: NodeJS.Timeout | undefined;
  private pulling: Promise<number> | undefined;
  /** Set when applyOrder left its order alone (read by applyFetched). */
  private deferred = false;
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
    this.lanes = lanes;
  }

  /**
   * The last pull's error; else why an order of another terminal is not taken here yet, until it
   * is (`NOT_TAKEN`): a pull that otherwise went through, or a restart, does not hide it.
   */
  get lastError(): Problem | null {
    return this.pullError ?? (this.ctx.sqlite.open ? (this.notTaken().at(-1)?.problem ?? null) : null);
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
    await this.fetchDue(); // what an earlier pull could not fetch
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
        for (const id of this.store.takeShipmentsMovedFrom()) ids.add(id);
        for (const kind of ['rules', 'catalog'] as const) {
          if (kinds.has(kind)) this.ctx.stores.settings.set(DUE[kind], true);
        }
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
      await this.fetchDue();
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
   * field, and skipped). A change of a kind this terminal does not know passes, to be ignored.
   */
  private validChange(raw: unknown, index: number): Change | undefined {
    const parsed = Change.safeParse(raw);
    if (parsed.success) return parsed.data;
    const shape = raw as { kind?: unknown; order?: { id?: unknown } } | null;
    const serverId = shape?.kind === 'order' ? shape.order?.id : undefined;
    if (typeof serverId === 'number' && Number.isSafeInteger(serverId) && serverId > 0) {
      this.record(unexpectedAnswer({ what: 'order', serverId }, 200, issueText(parsed.error, ['order'])));
    } else {
      this.record(unexpectedAnswer({ what: 'pull' }, 200, `changes.${index}.${issueText(parsed.error)}`));
    }
    return undefined;
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
    if (change.kind === 'order') this.taken(change.order.id);
    return id;
  }

  /**
   * After a change of `order` could not be taken (rolled back): recorded naming the order, and the
   * order fetched again at the next pulls until it is taken. One held here is left as it is
   * (`LEFT_ALONE`); one this terminal does not hold is kept by its server id (`NOT_TAKEN`), as
   * the cursor moves past its change and nothing else would bring it again. In a transaction.
   */
  private keepToFetch(order: Order, error: unknown): void {
    const problem = changeSkipped(errorDetail(error), orderNumber({ serverId: order.id, clientId: order.clientId }));
    this.record(problem);
    if (this.ctx.stores.orders.get(order.clientId)) {
      this.leftAlone(order.clientId, true);
      return;
    }
    const kept = this.notTaken().filter((entry) => entry.serverId !== order.id);
    this.ctx.stores.settings.set(NOT_TAKEN, [...kept, { serverId: order.id, clientId: order.clientId, problem }]);
  }

  /** The orders not held here whose change could not be taken (`NOT_TAKEN`), oldest first. */
  private notTaken(): NotTaken[] {
    return this.ctx.stores.settings.get<NotTaken[]>(NOT_TAKEN) ?? [];
  }

  /** The order with this server id was taken (or is gone from the server): off `NOT_TAKEN`. In a transaction. */
  private taken(serverId: number): void {
    const kept = this.notTaken();
    if (kept.some((entry) => entry.serverId === serverId)) this.ctx.stores.settings.set(NOT_TAKEN, kept.filter((entry) => entry.serverId !== serverId));
  }

  /**
   * Fetches the orders the pull left alone while a request of theirs was unresolved, once it is
   * resolved. The list is kept in the database with the cursor, so a crash loses none of them.
   */
  private async catchUp(): Promise<void> {
    for (const id of this.ctx.stores.settings.get<string[]>(LEFT_ALONE) ?? []) {
      if (!this.ctx.sqlite.open) return;
      if (!this.unresolved(id) && !this.skippedNow.has(id)) await this.refresh(id);
    }
    // The orders of other terminals not taken yet (`NOT_TAKEN`), by their server id.
    for (const { serverId, clientId } of this.ctx.sqlite.open ? this.notTaken() : []) {
      if (!this.ctx.sqlite.open) return;
      if (!this.skippedNow.has(clientId)) await this.fetchOrder(serverId, () => this.taken(serverId));
    }
  }

  /** Fetches one order from the server and merges it, even at a version already known. */
  async refresh(orderClientId: string): Promise<void> {
    const serverId = this.ctx.stores.orders.get(orderClientId)?.server_id;
    if (!serverId) {
      this.transact(() => this.leftAlone(orderClientId, false)); // never on the server
      return;
    }
    await this.fetchOrder(serverId, () => this.leftAlone(orderClientId, false));
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

  /** Adds (or removes) an order to the durable list of orders to fetch again; inside a transaction. */
  private leftAlone(orderClientId: string, add: boolean): void {
    const { settings } = this.ctx.stores;
    const ids = settings.get<string[]>(LEFT_ALONE) ?? [];
    const has = ids.includes(orderClientId);
    if (add && !has) settings.set(LEFT_ALONE, [...ids, orderClientId]);
    if (!add && has) settings.set(LEFT_ALONE, ids.filter((id) => id !== orderClientId));
  }

  /** Leaves an order alone until its unresolved request is answered, then fetches it again. */
  private defer(orderClientId: string): null {
    this.deferred = true;
    this.leftAlone(orderClientId, true);
    this.lanes.refreshWhenResolved(orderClientId);
    return null;
  }

  /** Fetches the rule set and the catalog pulled pages announced, if not fetched yet (`DUE`). */
  private async fetchDue(): Promise<void> {
    const { settings } = this.ctx.stores;
    if (this.ctx.sqlite.open && settings.get<boolean>(DUE.rules)) await this.fetchRules();
    if (this.ctx.sqlite.open && settings.get<boolean>(DUE.catalog)) await this.fetchCatalog();
  }

  /** Fetches the rule set (a fresh install has the built-in one until the first pull announces the server's). */
  private async fetchRules(): Promise<void> {
    const asked = { what: 'rules', path: '/v2/order-state-rules' } as const;
    const rules = await this.fetchValid(asked, OrderStateRulesResponse);
    if (!rules || !this.ctx.sqlite.open) return;
    try {
      this.hooks.rules?.(rules.rules, rules.version);
    } catch (error) {
      // Not taken (its writing rolled back): recorded, the pages go on, and it is fetched again.
      this.record(unexpectedAnswer(asked, 200, errorDetail(error)));
      return;
    }
    this.transact(() => this.ctx.stores.settings.set(DUE.rules, false));
  }

  private async fetchCatalog(): Promise<void> {
    const asked = { what: 'catalog', path: '/v2/catalog' } as const;
    const catalog = await this.fetchValid(asked, CatalogResponse);
    if (!catalog || !this.ctx.sqlite.open) return;
    const { products, version } = catalog;
    try {
      this.transact(() => {
        this.ctx.stores.settings.set(CATALOG_SETTING, { version, products });
        this.ctx.stores.settings.set(DUE.catalog, false);
      });
      this.hooks.catalog?.(products, version);
    } catch (error) {
      // As for the rules: recorded, and the pages go on.
      this.record(unexpectedAnswer(asked, 200, errorDetail(error)));
    }
  }

  /** GETs a path and validates its 200 answer; anything else is recorded as the last error. */
  private async fetchValid<S extends z.ZodType>(asked: Extract<Asked, { path: string }>, schema: S): Promise<z.output<S> | undefined> {
    const { path } = asked;
    const answer = await this.http.get(path);
    const parsed = answer.ok && answer.status === 200 ? schema.safeParse(safeJson(answer.text)) : undefined;
    if (!parsed?.success) {
      this.record(tokenRefusal(answer) ?? unexpectedAnswer(asked, answer.ok ? answer.status : answer.reason, parsed ? issueText(parsed.error) : undefined));
      return undefined;
    }
    return parsed.data;
  }

  /** Merges one order fetched outside the feed, even at a known version. */
  private applyFetched(order: Order): void {
    let ids: string[];
    try {
      ids = this.transact(() => {
        this.deferred = false;
        const merged = this.applyOrder(order, true);
        if (!this.deferred) this.leftAlone(order.clientId, false);
        this.taken(order.id);
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
        return this.applyOrder(change.order);
      case 'stepState':
        return this.hooks.stepState?.(change.stepState) ?? null;
      case 'stepStateRemoved':
        return this.hooks.stepStateRemoved?.(change.id) ?? null;
      default:
        return null;
    }
  }

  /**
   * A sale made here is final: if another party changed the lines of the order before its close
   * reached the server, the sold lines go back first (an update ahead of the sale or close). The
   * same update carries the customer and delivery where this terminal's differ from the server's
   * (changed here too: see `mergeSold`).
   */
  private reassertSold(id: string, { overridden, fields: needed }: SoldMerge, nowIso: string): void {
    const { ctx, store } = this;
    if (needed.length === 0) return;
    const head = store.lane(id)[0];
    if (!head || head.state !== 'pending') return;
    if (head.kind === 'update') {
      // Not sent yet (an unresolved head waits, see applyOrder): its body is built from the order
      // (the sold lines) when sent, so it re-asserts them once it reports the lines too (an
      // update of the customer alone would not).
      const fields = head.fields ? (JSON.parse(head.fields) as UpdateField[]) : null;
      if (fields && !needed.every((f) => fields.includes(f))) store.setFields(head.seq, mergeFields(fields, needed), nowIso);
    } else {
      resequence(ctx, store, head, [{ kind: 'update', fields: [...needed] }], nowIso, { keepHead: true });
    }
    if (overridden.length > 0) this.notices.add(id, 'sale_overrode', saleOverrodeMessage(ctx, id, overridden));
  }

  /** The order's first operation was sent and its outcome is not known yet. */
  private unresolved(id: string): boolean {
    if (this.lanes.isBusy(id)) return true;
    const head = this.store.lane(id)[0];
    return head !== undefined && head.state === 'pending' && head.request_id !== null;
  }

  /** Merges one order from the server into the terminal. */
  private applyOrder(remote: Order, force = false): string | null {
    const { ctx, store } = this;
    const id = remote.clientId;
    const row = ctx.stores.orders.get(id);
    if (!row) {
      store.insertRemote(remote);
      refreshSyncStatus(ctx, id);
      return id;
    }
    if (remote.version <= row.version && !(force && remote.version === row.version)) return null; // we already know this or newer
    const pending = store.lane(id).length > 0; // a busy lane returns early below
    const sale = ctx.stores.payments.sale(id);
    const nowIso = ctx.clock.iso();
    if (remote.status === 'Deleted' || (remote.status === 'Done' && !sale)) {
      // The answer on its way may change what this terminal holds: decide once it is in.
      if (this.lanes.isBusy(id)) return this.defer(id);
      const held = heldMoney(ctx, id);
      // A charge whose outcome is unknown may have taken the money: it holds it until reconciled.
      const holds = holdsMoney(ctx, id);
      store.adoptServerOrder(id, remote);
      if (remote.status === 'Deleted' && !holds) {
        adoptServerFinal(ctx, store, id, remote, 'the order was deleted on the server');
        return id;
      }
      const overtaken = yieldOvertakenDeletion(ctx, store, id, remote);
      if (overtaken) {
        this.notices.add(id, 'completed_elsewhere', overtaken);
        return id;
      }
      if (pending || holds) {
        const reason = serverFinalReason(ctx, id, remote.status, held);
        for (const op of store.lane(id)) if (op.state === 'pending') store.park(op.seq, 'blocked', reason, nowIso);
        refreshSyncStatus(ctx, id, reason);
        this.notices.add(id, 'sync_blocked', reason);
        return id;
      }
      adoptServerFinal(ctx, store, id, remote, 'the order was completed elsewhere');
      return id;
    }
    if (this.unresolved(id)) {
      // A request of this order is in flight or its answer was lost: the server may or may not
      // hold it, so no merge base is right yet (a merge now could keep, as a local change, an
      // edit the server already has and others changed since). The order is fetched again once
      // the request has its answer; this version is not adopted meanwhile.
      return this.defer(id);
    }
    if (!sale) {
      const base = store.mergeBase(id);
      const local = store.mergeSide(id)!;
      const content = pending ? mergeOrder(base, local, serverSide(remote), { sold: false }).merged : serverSide(remote);
      store.writeContent(id, content);
    } else {
      // Sold here: the sold lines stay, the customer and delivery are merged as for any order.
      const merged = mergeSold(store, id, remote, overriddenBySale(store, id, serverSide(remote)));
      if (remote.status !== 'Done') this.reassertSold(id, merged, nowIso);
    }
    store.adoptServerOrder(id, remote);
    // A sale refused here whose money was refunded before the server's final order arrived: settled now.
    if (!adoptSettledServerFinal(ctx, id)) refreshSyncStatus(ctx, id);
    return id;
  }
}

/** The first issue of a failed parse, naming its field (`lines.1.lineId: …`), without the leading `omit` path. */
function issueText(error: z.ZodError, omit: readonly PropertyKey[] = []): string {
  const issue = error.issues[0];
  if (!issue) return 'not valid';
  const path = issue.path.slice(issue.path.length >= omit.length && omit.every((key, i) => issue.path[i] === key) ? omit.length : 0);
  return path.length > 0 ? `${path.map(String).join('.')}: ${issue.message}` : issue.message;
}

/** What threw, for the problem's detail (shown to support, not on screen). */
function errorDetail(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
