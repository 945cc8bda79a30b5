import type { ErrorCode } from '../common/backend-api.ts';

/**
 * What a route decides: a status and a JSON body. Refusals are outcomes too, not exceptions,
 * so they can be stored with the idempotency key and replayed like a success; an exception is
 * a 500, rolls the transaction back and is never stored.
 */
export interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): Outcome => ({ status: 200, body });
export const created = (body: unknown): Outcome => ({ status: 201, body });

export function refuse(status: number, code: ErrorCode, message: string, extra?: Record<string, unknown>): Outcome {
  return { status, body: { error: { code, message, ...extra } } };
}

export const notFound = (what: string): Outcome => refuse(404, 'not_found', `${what} does not exist`);

/** A domain refusal (`order-rules.ts`) as the answer to send. */
export function refusal(reason: { status: number; code: ErrorCode; message: string; field?: string }): Outcome {
  const { status, code, message, field } = reason;
  return refuse(status, code, message, field === undefined ? undefined : { field });
}
