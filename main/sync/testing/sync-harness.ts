import { createServer, type CounterPosServer } from '../../../server/app.ts';
import type { FaultPlanInput } from '../../../server/faults.ts';
import { tempTerminal, type TempTerminal } from '../../testing/temp-terminal.ts';
import type { SyncOptions } from '../sync-engine.ts';

/** A reference server on 127.0.0.1 (test mode) and terminals syncing with it, for sync tests. */
export async function startServer(faults?: FaultPlanInput): Promise<CounterPosServer> {
  return createServer({ testMode: true, ...(faults ? { faults } : {}) });
}

export const FAST_SYNC: SyncOptions = {
  concurrency: 8,
  backoff: { baseMs: 5, capMs: 50 },
  requestTimeoutMs: 2000,
  pullIntervalMs: 60_000,
};

export function syncingTerminal(server: CounterPosServer, deviceId = 'till-1', sync: SyncOptions = {}): TempTerminal {
  return tempTerminal(
    { serverUrl: server.url, deviceId, deviceToken: server.tokens[deviceId]! },
    { sync: { ...FAST_SYNC, ...sync }, stateTimers: false },
  );
}

/** Calls a `/__test/` endpoint (or any path) of the server as the back office would. */
export async function backOffice<T = unknown>(server: CounterPosServer, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Waits until the terminal's pusher has nothing in flight, ready or waiting for a retry. */
export async function drained(t: TempTerminal, timeoutMs = 20_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`outbox did not settle within ${timeoutMs} ms: ${JSON.stringify(t.terminal.ctx.stores.outbox.counts())}`)), timeoutMs);
  });
  try {
    await Promise.race([t.terminal.sync.pusher.settled(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves when `check()` holds, re-checking after every order change the terminal reports. */
export function until(t: TempTerminal, check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const off = t.terminal.on('order.changed', () => {
      if (!check()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

export interface OpRow {
  seq: number;
  kind: string;
  state: string;
  attempts: number;
  keys: string;
  last_error: string | null;
  order_client_id: string;
}

export function outboxRows(t: TempTerminal, orderClientId?: string): OpRow[] {
  const sql = `select seq, kind, state, attempts, keys, last_error, order_client_id from outbox ${orderClientId ? 'where order_client_id = +?' : ''} order by seq`;
  return t.terminal.ctx.sqlite.prepare(sql).all(...(orderClientId ? [orderClientId] : [])) as OpRow[];
}
