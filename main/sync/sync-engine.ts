import type { OutboxOperationView } from '../../common/entities.ts';
import { inTransaction, type Context } from '../context.ts';
import { DomainError } from '../errors.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import type { BackoffPolicy } from './backoff.ts';
import { createHttpClient, type HttpClient } from './http-client.ts';
import { refreshSyncStatus } from './order-sync-status.ts';
import { Puller, type PullHooks } from './puller.ts';
import { Pusher } from './pusher.ts';
import { SyncNotices } from './sync-notices.ts';
import { SyncStore } from './sync-store.ts';
import { BLOCKED_COUNT_SQL } from '../orders/order-lists.ts';
import { restoreDiscardedUpdate } from './discard.ts';
import { discardedByStaff, retriedByStaff } from './sync-problems.ts';

export interface SyncOptions {
  /** Start pushing and pulling with the terminal (default false: tests and tools start it). */
  autoStart?: boolean;
  concurrency?: number;
  backoff?: BackoffPolicy;
  requestTimeoutMs?: number;
  pullIntervalMs?: number;
  pullPageSize?: number;
  random?: () => number;
  /** For tests: a client other than ky over the network. */
  http?: HttpClient;
}

/** The sync engine: the pusher and the puller over one HTTP client, plus its IPC commands. */
export function createSync(ctx: Context, config: { serverUrl: string; deviceToken: string }, options: SyncOptions, hooks: PullHooks = {}) {
  const http = options.http ?? createHttpClient({ serverUrl: config.serverUrl, deviceToken: config.deviceToken, timeoutMs: options.requestTimeoutMs ?? 10_000 });
  const store = new SyncStore(ctx);
  const notices = new SyncNotices(ctx);
  const pusher = new Pusher(ctx, http, notices, {
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const puller = new Puller(
    ctx,
    http,
    store,
    notices,
    { intervalMs: options.pullIntervalMs ?? 5000, pageSize: options.pullPageSize ?? 500 },
    hooks,
    pusher,
    pusher.pullReachability,
  );
  let running = false;
  const blockedOrders = ctx.sqlite.prepare<[], number>(BLOCKED_COUNT_SQL).pluck();
  pusher.onRefresh = (orderClientId) => puller.refresh(orderClientId);

  function reopenOperation(seq: number, mode: 'retry' | 'discard'): OutboxOperationView {
    const nowIso = ctx.clock.iso();
    const view = inTransaction(ctx, () => {
      const row = ctx.stores.outbox.view(seq);
      if (!row) throw new DomainError('not_found', `outbox operation ${seq} does not exist`, { reason: 'operation' });
      if (mode === 'retry' && row.state !== 'failed' && row.state !== 'blocked') {
        throw new DomainError('not_stuck', `operation ${seq} is ${row.state}; only Failed or Blocked operations can be retried`);
      }
      if (mode === 'retry' && !row.retryable) {
        throw new DomainError('order_final', `the server made order #${row.orderNumber} final and would refuse this ${row.kind} again: refund what the order holds, or take the server's order`, {
          reason: 'no_retry',
          order: row.orderNumber,
        });
      }
      if (mode === 'discard') {
        if (row.state !== 'failed') throw new DomainError('not_failed', `operation ${seq} is ${row.state}; only Failed operations can be discarded`);
        if (row.kind === 'sale' || row.kind === 'create') {
          throw new DomainError('keep_money', `a ${row.kind} holds what happened at the counter and cannot be discarded; retry it instead`);
        }
        const restored = restoreDiscardedUpdate(ctx, store, row.orderClientId, seq);
        store.park(seq, 'cancelled', discardedByStaff(restored), nowIso);
      } else {
        store.renew(seq, retriedByStaff(), nowIso);
      }
      refreshSyncStatus(ctx, row.orderClientId, null);
      return ctx.stores.outbox.view(seq)!;
    });
    pusher.notify(view.orderClientId);
    const order = ctx.stores.orders.get(view.orderClientId);
    if (order) ctx.events.emit('order.changed', { orderClientId: order.client_id, status: order.status, syncStatus: order.sync_status });
    return view;
  }

  const handlers = {
    'sync.status': () => ({
      online: ctx.connectivity.online,
      running,
      inFlight: pusher.inFlight,
      outbox: ctx.stores.outbox.counts(),
      blockedOrders: blockedOrders.get() ?? 0,
      lastError: ctx.stores.outbox.latestOpenError() ?? puller.lastError,
      lastPullAt: puller.lastPullAt,
    }),
    'outbox.retry': (args) => reopenOperation(args.seq, 'retry'),
    'outbox.discard': (args) => reopenOperation(args.seq, 'discard'),
  } satisfies Partial<Handlers>;

  return {
    pusher,
    puller,
    handlers,
    /**
     * The backend answers at another address from now on (the settings screen): waiting
     * operations are tried there at once, with their keys, and a pull follows.
     */
    setServerUrl(serverUrl: string) {
      http.retarget(serverUrl);
      if (!running) return;
      pusher.retryNow();
      puller.pullOnce().catch((error: unknown) => console.error('pull after a change of server failed:', error));
    },
    start() {
      if (running) return;
      running = true;
      pusher.start();
      puller.start();
    },
    async stop() {
      running = false;
      await puller.stop();
      await pusher.stop();
    },
  };
}

export type Sync = ReturnType<typeof createSync>;
