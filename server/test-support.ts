import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDEMPOTENCY_KEY_HEADER, ifMatch, Order } from '../common/backend-api.ts';
import type { CreateOrderRequestInput } from '../common/backend-requests.ts';
import { createServer, type CounterPosServer, type ServerOptions } from './app.ts';
import { DEV_DEVICE_TOKENS } from './config.ts';

/** Helpers for the server's own tests: a server in-process and a plain-fetch client for it. */

export const TILL_1 = DEV_DEVICE_TOKENS['till-1'] ?? '';
export const TILL_2 = DEV_DEVICE_TOKENS['till-2'] ?? '';

export interface CallOptions {
  body?: unknown;
  /** Sent as is (for malformed JSON). */
  rawBody?: string;
  /** Idempotency key: a fresh UUID on writes unless given; `null` sends none. */
  key?: string | null;
  /** Order version for `If-Match`. */
  version?: number;
  token?: string | null;
  headers?: Record<string, string>;
}

// Response bodies in tests are read field by field; the contract tests parse them with the schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface CallResult<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  replayed: boolean;
}

export function clientFor(url: string) {
  return async function call<T = Json>(method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? TILL_1 : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (method !== 'GET' && options.key !== null) headers[IDEMPOTENCY_KEY_HEADER] = options.key ?? crypto.randomUUID();
    if (options.version !== undefined) headers['if-match'] = ifMatch(options.version);
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === '' ? undefined : JSON.parse(text)) as T,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  };
}

export type Call = ReturnType<typeof clientFor>;

export async function startServer(options: ServerOptions = {}): Promise<{ server: CounterPosServer; call: Call }> {
  const server = await createServer({ port: 0, host: '127.0.0.1', db: ':memory:', ...options });
  return { server, call: clientFor(server.url) };
}

/** A temporary folder for database files, removed by `cleanup()`. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'counter-pos-server-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let counter = 0;

/** A valid create body: two coffees and a croissant (730), with optional overrides. */
export function newOrder(overrides: Partial<CreateOrderRequestInput> = {}): CreateOrderRequestInput {
  counter++;
  return {
    clientId: crypto.randomUUID(),
    currency: 'EUR',
    lines: [
      { lineId: crypto.randomUUID(), sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250, discount: 0 },
      { lineId: crypto.randomUUID(), sku: 'B1', name: 'Croissant', qty: 1, unitPrice: 230 },
    ],
    total: 730,
    customer: { name: `Customer ${counter}`, phone: '+34 600 000 000' },
    ...overrides,
  };
}

/** Creates an order (by default `newOrder()`) and returns it as the server answered; throws unless that is a 201. */
export async function createdOrder(call: Call, body: CreateOrderRequestInput = newOrder()): Promise<Order> {
  const response = await call('POST', '/v2/orders', { body });
  if (response.status !== 201) throw new Error(`creating an order answered ${response.status}: ${JSON.stringify(response.body)}`);
  return Order.parse(response.body);
}

/** A sale paying `total` in one cash transaction. */
export function newSale(total: number, overrides: Record<string, unknown> = {}) {
  return {
    clientId: crypto.randomUUID(),
    receiptNo: `T1-${String(++counter).padStart(6, '0')}`,
    total,
    transactions: [
      { txId: crypto.randomUUID(), method: 'cash', amount: total, reference: null, tendered: total, change: 0, at: new Date().toISOString() },
    ],
    ...overrides,
  };
}

/** A delivery with the given shipment ids. */
export function delivery(...shipmentIds: string[]) {
  return {
    address: '1 Market Street',
    shipments: shipmentIds.map((shipmentId, i) => ({ shipmentId, carrier: 'PostCo', trackingNo: `TRK${i}` })),
  };
}
