import { createHash } from 'node:crypto';
import type { Sqlite } from './db/connection.ts';
import { refuse, type Outcome } from './outcome.ts';

/** An answer ready to send: the stored (or just stored) status and body text. */
export interface Answer {
  status: number;
  bodyText: string;
  headers?: Record<string, string>;
  replayed: boolean;
}

/** Keys are opaque (a UUID is expected); only their length is bounded. */
export const MAX_KEY_LENGTH = 200;

/**
 * Idempotency keys (API.md, Conventions): per device, the first request's outcome (2xx and 4xx)
 * is stored with a fingerprint of method, path and body in the same SQLite transaction as its
 * effect; a repeat replays it; the same key with another request is refused; 5xx is never stored.
 */
export function createIdempotency(sqlite: Sqlite) {
  const find = sqlite.prepare<[string, string], { fingerprint: string; status: number; body: string }>(
    'SELECT fingerprint, status, body FROM idempotency_records WHERE device_id = ? AND key = ?',
  );
  const insert = sqlite.prepare<[string, string, string, number, string, string]>(
    'INSERT INTO idempotency_records (device_id, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const prune = sqlite.prepare<[string]>('DELETE FROM idempotency_records WHERE created_at < ?');
  const count = sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM idempotency_records');

  // Keys whose first request is being processed right now (between arrival and its answer).
  const inFlight = new Set<string>();

  /** A write's whole life inside the transaction: replay, refusal of a reused key, or run and store. */
  const executeOne = (deviceId: string, key: string, fingerprint: string, process: () => Outcome): Answer => {
    const stored = find.get(deviceId, key);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        return toAnswer(refuse(422, 'idempotency_key_reused', 'this Idempotency-Key was used for another request; use a new key'));
      }
      return { status: stored.status, bodyText: stored.body, replayed: true };
    }
    const answer = toAnswer(process());
    if (answer.status < 500) {
      insert.run(deviceId, key, fingerprint, answer.status, answer.bodyText, new Date().toISOString());
    }
    return answer;
  };

  // Group commit: the writes that arrive in one turn of the event loop run one after the other in
  // one transaction, each in a savepoint of its own, and are answered once it is committed. One
  // commit (and, with --durability full, one fsync) serves them all; each still sees the ones
  // before it, exactly as if they had been committed one by one.
  const savepoint = sqlite.prepare('SAVEPOINT request');
  const releaseSavepoint = sqlite.prepare('RELEASE request');
  const rollbackSavepoint = sqlite.prepare('ROLLBACK TO request');
  interface Pending {
    run: () => Answer;
    resolve: (answer: Answer) => void;
    reject: (error: unknown) => void;
    result?: { ok: true; answer: Answer } | { ok: false; error: unknown };
  }
  let pending: Pending[] = [];
  const runBatch = sqlite.transaction((batch: Pending[]) => {
    for (const entry of batch) {
      savepoint.run();
      try {
        entry.result = { ok: true, answer: entry.run() };
        releaseSavepoint.run();
      } catch (error) {
        // This request's writes are undone; the others in the batch stand.
        rollbackSavepoint.run();
        releaseSavepoint.run();
        entry.result = { ok: false, error };
      }
    }
  });
  const commitPending = () => {
    const batch = pending;
    pending = [];
    try {
      runBatch.immediate(batch);
    } catch (error) {
      // The commit itself failed: nothing of the batch is stored, every request fails.
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const { result, resolve, reject } of batch) {
      if (result?.ok) resolve(result.answer);
      else reject(result?.error);
    }
  };

  return {
    /**
     * Replays the stored outcome, or runs `process` and stores its outcome, in the transaction
     * of this turn's writes; resolves once that is committed, rejects if `process` threw (its
     * writes undone) or the commit failed (nothing stored).
     */
    execute(deviceId: string, key: string, fingerprint: string, process: () => Outcome): Promise<Answer> {
      return new Promise<Answer>((resolve, reject) => {
        if (pending.length === 0) setImmediate(commitPending);
        pending.push({ run: () => executeOne(deviceId, key, fingerprint, process), resolve, reject });
      });
    },
    /** Marks the key as being processed; false when a request with it is already under way. */
    claim(deviceId: string, key: string): boolean {
      const scoped = `${deviceId}\u0000${key}`;
      if (inFlight.has(scoped)) return false;
      inFlight.add(scoped);
      return true;
    },
    release(deviceId: string, key: string): void {
      inFlight.delete(`${deviceId}\u0000${key}`);
    },
    /** Forgets records older than `before` (API.md keeps them at least 72 hours). */
    prune(before: Date): number {
      return prune.run(before.toISOString()).changes;
    },
    count(): number {
      return count.get()?.n ?? 0;
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;

export function toAnswer(outcome: Outcome): Answer {
  return { status: outcome.status, bodyText: JSON.stringify(outcome.body), headers: outcome.headers, replayed: false };
}

/** sha256 of method, path and body; the body in canonical JSON, so key order and spacing don't matter. */
export function fingerprint(method: string, path: string, body: ParsedBody): string {
  const bodyText = body.kind === 'json' ? canonicalJson(body.value) : body.kind === 'malformed' ? body.raw : '';
  return createHash('sha256').update(`${method} ${path}\n${bodyText}`).digest('base64url');
}

export type ParsedBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'malformed'; raw: string };

export function parseBody(raw: string | undefined): ParsedBody {
  if (raw === undefined || raw.trim() === '') return { kind: 'none' };
  try {
    return { kind: 'json', value: JSON.parse(raw) as unknown };
  } catch {
    return { kind: 'malformed', raw };
  }
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
