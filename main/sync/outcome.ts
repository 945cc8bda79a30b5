import { z } from 'zod';
import { ErrorBody, Order, SaleResponse } from '../../common/backend-api.ts';
import type { OutboxKind } from '../../common/entities.ts';
import type { Problem } from '../../common/problem.ts';
import { serverBusy, stillProcessing, tokenRefused } from './sync-problems.ts';

/**
 * Pure: what an answer (or its absence) means for an operation (SPEC §4):
 * - `ok`: done; carries the server's order when the request changes one.
 * - `unknown`: no answer, timeout, 5xx, 409 in progress, 429/503: the server may or may not have
 *   done it, so the same key and body go again later (after `retryAfterMs` when given).
 * - `conflict`: 412 with the server's current order: merge, then a new request with a new key.
 * - `locked`: a definite 423 / 409 refusal with its code.
 * - `failed`: a permanent refusal (400/404/422 …) or an answer that makes no sense: parked.
 */
export type Outcome =
  | { type: 'ok'; status: number; order: Order | null }
  | { type: 'unknown'; problem: Problem; retryAfterMs: number | null; network: boolean }
  | { type: 'conflict'; current: Order }
  | { type: 'locked'; status: number; code: string; message: string }
  | { type: 'failed'; status: number | null; code: string; message: string };

/**
 * An error answer as this client reads it: the contract's `ErrorBody`, forgiving what it does not
 * act on — a missing `message` (the code says enough) and a `field` of another shape (only said
 * to people) — and checking `current` only where it matters, on a 412, so that a 412 without a
 * usable order is told apart from any other bad body.
 */
const ErrorAnswer = z.object({
  error: ErrorBody.shape.error.partial({ message: true }).extend({ field: z.unknown().optional(), current: z.unknown().optional() }),
});

export interface RawAnswer {
  status: number;
  retryAfter: string | null;
  /** The body text; JSON is parsed here so a malformed answer is recognised in one place. */
  text: string;
}

export function classify(kind: OutboxKind, answer: RawAnswer): Outcome {
  const { status } = answer;
  let body: unknown;
  let parsedJson = true;
  try {
    body = answer.text === '' ? null : JSON.parse(answer.text);
  } catch {
    parsedJson = false;
  }

  if (status >= 500 || status === 429) {
    return { type: 'unknown', problem: serverBusy(status), retryAfterMs: retryAfterMs(answer.retryAfter), network: false };
  }
  if (!parsedJson) {
    return { type: 'failed', status, code: 'malformed_response', message: `server answered ${status} with a body that is not JSON` };
  }
  if (status >= 200 && status < 300) return success(kind, status, body);

  const error = ErrorAnswer.safeParse(body);
  if (!error.success) {
    return { type: 'failed', status, code: 'malformed_response', message: `server answered ${status} without an error body: ${describe(error.error)}` };
  }
  const { code } = error.data.error;
  const message = error.data.error.message ?? code;
  if (status === 409 && code === 'idempotency_key_in_progress') {
    return { type: 'unknown', problem: stillProcessing(), retryAfterMs: retryAfterMs(answer.retryAfter), network: false };
  }
  if (status === 412) {
    const current = Order.safeParse(error.data.error.current);
    if (!current.success) {
      return { type: 'failed', status, code: 'malformed_response', message: `412 without a valid current order: ${describe(current.error)}` };
    }
    return { type: 'conflict', current: current.data };
  }
  if (status === 423 || (status === 409 && code === 'sale_exists')) return { type: 'locked', status, code, message };
  if (status === 401) return { type: 'unknown', problem: tokenRefused(message), retryAfterMs: 60_000, network: false };
  return { type: 'failed', status, code, message };
}

function success(kind: OutboxKind, status: number, body: unknown): Outcome {
  if (kind === 'sale') {
    const parsed = SaleResponse.safeParse(body);
    if (!parsed.success) return malformed(status, parsed.error);
    return { type: 'ok', status, order: parsed.data.order };
  }
  if (kind === 'create' || kind === 'update' || kind === 'close' || kind === 'reopen' || kind === 'delete') {
    const parsed = Order.safeParse(body);
    if (!parsed.success) return malformed(status, parsed.error);
    return { type: 'ok', status, order: parsed.data };
  }
  return { type: 'ok', status, order: null };
}

/**
 * The order an answer carries when it is not the operation's: a 2xx's order (a sale's too) or a
 * 412's current order whose `clientId` is another, or whose `id` is not the server id already
 * known here (0: not known yet). Such an answer passes the schemas but is about another order:
 * nothing of it may be taken (its id, version, content), so it is a malformed answer. Null when
 * the answer is about this order, or carries none.
 */
export function otherOrderIn(outcome: Outcome, expected: { clientId: string; serverId: number }): Order | null {
  const order = outcome.type === 'ok' ? outcome.order : outcome.type === 'conflict' ? outcome.current : null;
  if (!order) return null;
  if (order.clientId !== expected.clientId) return order;
  return expected.serverId !== 0 && order.id !== expected.serverId ? order : null;
}

function malformed(status: number, error: z.ZodError): Outcome {
  return { type: 'failed', status, code: 'malformed_response', message: `server answered ${status} with an unexpected body: ${describe(error)}` };
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

/** Retry-After in seconds (or an HTTP date) → milliseconds; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 3600) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.min(date - now, 3_600_000));
}

/** The code and sentence of an error answer's body (`{"error": {"code", "message"}}`; the sentence is the code when it has none), or null when it is not one. */
export function errorOf(text: string): { code: string; message: string } | null {
  const parsed = ErrorAnswer.safeParse(safeJson(text));
  return parsed.success ? { code: parsed.data.error.code, message: parsed.data.error.message ?? parsed.data.error.code } : null;
}

/** Parses JSON, or undefined when the text is not JSON (a schema check then says what is wrong). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
