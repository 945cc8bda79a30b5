import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER } from '../common/backend-api.ts';
import { describeZodError } from '../common/backend-requests.ts';
import type { Fault, FaultInjector } from './faults.ts';
import {
  fingerprint,
  MAX_KEY_LENGTH,
  parseBody,
  toAnswer,
  type Answer,
  type Idempotency,
  type ParsedBody,
} from './idempotency.ts';
import { refuse, type Outcome } from './outcome.ts';

/** What a `/v2/` handler sees of its request. */
export interface RequestContext {
  deviceId: string;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: ParsedBody;
  ifMatch: string | undefined;
}

/** Handlers are synchronous: a write's whole effect happens inside its idempotency transaction. */
export type Handler = (ctx: RequestContext) => Outcome;

export interface ApiRouter {
  /** A `GET`: authenticated, no idempotency key. */
  read(path: string, handler: Handler): void;
  /** A `POST`, `PATCH` or `DELETE`: authenticated, needs an `Idempotency-Key`, runs in one transaction. */
  write(method: 'POST' | 'PATCH' | 'DELETE', path: string, handler: Handler): void;
}

export interface RequestCounts {
  total: number;
  byStatus: Record<string, number>;
  replayed: number;
  dropped: number;
}

export interface RouterDeps {
  /** token → deviceId */
  devicesByToken: ReadonlyMap<string, string>;
  idempotency: Idempotency;
  /** Present only in test mode. */
  faults: FaultInjector | null;
  counts: RequestCounts;
}

/**
 * The `/v2/` request pipeline, in order: fault draw (test mode) → device token (401) →
 * idempotency key (400) and claim (409 while in progress) → latency, drop or 5xx faults →
 * the handler inside the idempotency transaction (replay, 422 reuse, or effect + stored outcome)
 * → the answer, or a dropped socket after the commit.
 */
export function createApiRouter(app: FastifyInstance, deps: RouterDeps): ApiRouter {
  const { devicesByToken, idempotency, faults, counts } = deps;
  const deviceOf = (request: FastifyRequest) => deviceOfToken(devicesByToken, request);

  function contextOf(request: FastifyRequest, deviceId: string): RequestContext {
    return {
      deviceId,
      params: request.params as Record<string, string | undefined>,
      query: request.query as Record<string, string | undefined>,
      body: parseBody(request.body as string | undefined),
      ifMatch: request.headers['if-match'],
    };
  }

  function send(reply: FastifyReply, answer: Answer): FastifyReply {
    counts.byStatus[answer.status] = (counts.byStatus[answer.status] ?? 0) + 1;
    reply.code(answer.status).header('content-type', 'application/json; charset=utf-8');
    if (answer.replayed) {
      counts.replayed++;
      reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    }
    for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
    return reply.send(answer.bodyText);
  }

  function drop(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    counts.dropped++;
    reply.hijack();
    request.raw.socket.destroy();
    return reply;
  }

  /**
   * Applies the faults that strike before processing; true when one answered (or dropped) the
   * request. (A boolean, not the reply: a FastifyReply is thenable and would vanish in an await.)
   */
  async function faultBefore(fault: Fault | null, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (!fault) return false;
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    switch (fault.kind) {
      case 'dropBefore':
        drop(request, reply);
        return true;
      case 'error5xx':
        send(reply, toAnswer(refuse(fault.status, 'unavailable', 'injected fault: the request was not processed')));
        return true;
      case 'retryAfter':
        send(reply, {
          ...toAnswer(refuse(503, 'unavailable', 'injected fault: overloaded, retry later')),
          headers: { 'retry-after': String(fault.seconds) },
        });
        return true;
      default:
        return false;
    }
  }

  function answer(fault: Fault | null, request: FastifyRequest, reply: FastifyReply, result: Answer) {
    return fault?.kind === 'dropAfterCommit' ? drop(request, reply) : send(reply, result);
  }

  const unauthorized = toAnswer(UNAUTHORIZED);

  return {
    read(path, handler) {
      app.get(path, async (request, reply) => {
        counts.total++;
        const fault = faults?.next() ?? null;
        const deviceId = deviceOf(request);
        if (deviceId === undefined) return send(reply, unauthorized);
        if (await faultBefore(fault, request, reply)) return reply;
        return answer(fault, request, reply, toAnswer(handler(contextOf(request, deviceId))));
      });
    },

    write(method, path, handler) {
      app.route({
        method,
        url: path,
        handler: async (request, reply) => {
          counts.total++;
          const fault = faults?.next() ?? null;
          const deviceId = deviceOf(request);
          if (deviceId === undefined) return send(reply, unauthorized);
          const key = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
          if (typeof key !== 'string' || key.trim() === '') {
            return send(reply, toAnswer(refuse(400, 'idempotency_key_missing', `${IDEMPOTENCY_KEY_HEADER} header is required`)));
          }
          if (key.length > MAX_KEY_LENGTH) {
            return send(reply, toAnswer(refuse(400, 'idempotency_key_invalid', `${IDEMPOTENCY_KEY_HEADER} is too long`)));
          }
          if (!idempotency.claim(deviceId, key)) {
            return send(
              reply,
              toAnswer(refuse(409, 'idempotency_key_in_progress', 'a request with this key is being processed; retry later')),
            );
          }
          try {
            if (await faultBefore(fault, request, reply)) return reply;
            const ctx = contextOf(request, deviceId);
            const print = fingerprint(request.method, request.url, ctx.body);
            return answer(fault, request, reply, await idempotency.execute(deviceId, key, print, () => handler(ctx)));
          } finally {
            idempotency.release(deviceId, key);
          }
        },
      });
    },
  };
}

/** The `401` of a request without a known device token (API.md: on every request). */
export const UNAUTHORIZED = refuse(401, 'unauthorized', 'a known device token is required: Authorization: Bearer <token>');

/** The device whose token the request's `Authorization: Bearer <token>` carries, if it is a known one. */
function deviceOfToken(devicesByToken: ReadonlyMap<string, string>, request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] === undefined ? undefined : devicesByToken.get(match[1]);
}

/**
 * Whether the request is under `/v2/` without a known device token: answered `401` whatever
 * else is wrong with it (API.md: unknown or missing token → 401 on every request), an unknown
 * path or a body too large included, so an unauthenticated caller learns nothing of the API.
 */
export function unauthenticatedApiRequest(devicesByToken: ReadonlyMap<string, string>, request: FastifyRequest): boolean {
  return /^\/v2(?:[/?#]|$)/.test(request.url) && deviceOfToken(devicesByToken, request) === undefined;
}

/** Requests no route takes: `404 not_found`, or `401` for an unauthenticated `/v2/` one. */
export function unknownRouteHandler(devicesByToken: ReadonlyMap<string, string>) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (unauthenticatedApiRequest(devicesByToken, request)) return reply.code(401).send(UNAUTHORIZED.body);
    return reply.code(404).send(refuse(404, 'not_found', `no route ${request.method} ${request.url}`).body);
  };
}

/** Parses a request body with a contract schema: the value, or the 400 / 422 to answer. */
export function readBody<S extends z.ZodType>(
  body: ParsedBody,
  schema: S,
): { ok: true; value: z.output<S> } | { ok: false; outcome: Outcome } {
  if (body.kind === 'malformed') {
    return { ok: false, outcome: refuse(400, 'bad_json', 'the request body is not valid JSON') };
  }
  const parsed = schema.safeParse(body.kind === 'json' ? body.value : undefined);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { code, message, field } = describeZodError(parsed.error);
  return { ok: false, outcome: refuse(422, code, message, field === undefined ? undefined : { field }) };
}
