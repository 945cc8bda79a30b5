import Fastify, { type FastifyError } from 'fastify';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ServerOptions } from './config.ts';
import { describeDurability, openServerDatabase } from './db/connection.ts';
import { createFaultInjector, type FaultInjector } from './faults.ts';
import {
  createApiRouter,
  unauthenticatedApiRequest,
  UNAUTHORIZED,
  unknownRouteHandler,
  type RequestCounts,
} from './http.ts';
import { refuse } from './outcome.ts';
import { registerChangesRoutes } from './routes/changes.ts';
import { registerOrderRoutes } from './routes/orders.ts';
import { registerReferenceDataRoutes } from './routes/reference-data.ts';
import { registerSaleRoutes } from './routes/sales.ts';
import { registerStepStateRoutes } from './routes/step-states.ts';
import { seedReferenceData } from './seed.ts';
import { createStore, type Store } from './store/index.ts';
import { registerTestRoutes } from './test-routes.ts';

export type { ServerOptions } from './config.ts';

export interface CounterPosServer {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  host: string;
  port: number;
  /** The SQLite durability in force, e.g. `journal_mode=wal synchronous=NORMAL`. */
  durability: string;
  testMode: boolean;
  /** deviceId → bearer token. */
  tokens: Readonly<Record<string, string>>;
  /** Test mode only: the fault injector (also steered by `POST /__test/faults`). */
  faults: FaultInjector | null;
  /** Stops listening (in-flight requests finish), then closes the database. Safe to call twice. */
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/** Starts the reference backend (API.md) and resolves once it listens. */
export async function createServer(input: ServerOptions = {}): Promise<CounterPosServer> {
  const parsed = ServerOptions.safeParse(input);
  if (!parsed.success) throw new Error(`invalid server options:\n${z.prettifyError(parsed.error)}`);
  const options = parsed.data;
  const sqlite = openServerDatabase(options.db, options.durability);
  const store = createStore(sqlite);
  seedReferenceData(store, options);

  const pruneIdempotency = () =>
    store.idempotency.prune(new Date(Date.now() - options.idempotencyRetentionHours * HOUR_MS));
  pruneIdempotency();
  const pruneTimer = setInterval(pruneIdempotency, HOUR_MS);
  pruneTimer.unref();

  const counts: RequestCounts = { total: 0, byStatus: {}, replayed: 0, dropped: 0 };
  const faults = options.testMode ? createFaultInjector(options.faults ?? {}) : null;
  const durability = describeDurability(sqlite, options.durability);

  const app = Fastify({ logger: false, keepAliveTimeout: 72_000, bodyLimit: 1_048_576 });
  // Bodies reach the handlers as text: the idempotency fingerprint and the 400 for bad JSON
  // are decided there, with every other outcome.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const devicesByToken = new Map(Object.entries(options.tokens).map(([deviceId, token]) => [token, deviceId]));
  app.setNotFoundHandler(unknownRouteHandler(devicesByToken));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500 && unauthenticatedApiRequest(devicesByToken, request)) return reply.code(401).send(UNAUTHORIZED.body);
    if (status < 500) return reply.code(status).send(refuse(status, 'bad_request', error.message).body);
    console.error(`counter-pos server: ${request.method} ${request.url} failed:`, error);
    return reply.code(500).send(refuse(500, 'internal_error', 'the server failed; nothing was stored').body);
  });

  const api = createApiRouter(app, {
    devicesByToken,
    idempotency: store.idempotency,
    faults,
    counts,
  });
  registerReferenceDataRoutes(api, store);
  registerOrderRoutes(api, store);
  registerSaleRoutes(api, store);
  registerStepStateRoutes(api, store);
  registerChangesRoutes(api, store);
  if (faults) {
    registerTestRoutes(app, {
      store,
      faults,
      counts,
      info: { testMode: true, durability, db: options.db, devices: Object.keys(options.tokens) },
      reset: () => {
        resetStore(store);
        seedReferenceData(store, options);
        Object.assign(counts, { total: 0, byStatus: {}, replayed: 0, dropped: 0 });
      },
    });
  }

  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    clearInterval(pruneTimer);
    sqlite.close();
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const urlHost = options.host.includes(':') ? `[${options.host}]` : options.host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    host: options.host,
    port,
    durability,
    testMode: options.testMode,
    tokens: options.tokens,
    faults,
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer);
        try {
          await app.close();
        } finally {
          sqlite.close();
        }
      })();
      return closing;
    },
  };
}

/** Test mode's `POST /__test/reset`: every table emptied, sequences restarted. */
function resetStore(store: Store): void {
  store.sqlite.exec(`
    DELETE FROM sale_transactions; DELETE FROM sales; DELETE FROM order_lines; DELETE FROM shipments; DELETE FROM step_states; DELETE FROM state_history;
    DELETE FROM orders; DELETE FROM changes; DELETE FROM idempotency_records;
    DELETE FROM products; DELETE FROM order_state_rules; DELETE FROM settings;
    DELETE FROM sqlite_sequence;
  `);
}
