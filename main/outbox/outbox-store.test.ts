import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { outboxStates, type OutboxKind, type OutboxState } from '../../common/entities.ts';
import { openDatabase, type Sqlite } from '../../db/connection.ts';
import type { Clock } from '../clock.ts';
import { updateFields, type UpdateField } from './coalesce.ts';
import { insertOperations, OPERATION_TUPLE, OutboxStore, type KnownOutbox } from './outbox-store.ts';

const clock: Clock = { now: () => Date.parse('2026-03-02T12:00:00.000Z'), iso: () => '2026-03-02T12:00:00.000Z' };
const ORDERS = ['o1', 'o2', 'o3'];
const KINDS: OutboxKind[] = ['create', 'update', 'stateHistory', 'sale', 'delete'];

interface Existing {
  order: number;
  kind: OutboxKind;
  state: OutboxState;
  attempts: number;
  fields: UpdateField[] | null;
  nextAttemptAt: string | null;
}

const fieldsArb = fc.subarray([...updateFields], { minLength: 1 });
const existingArb: fc.Arbitrary<Existing> = fc.record({
  order: fc.integer({ min: 0, max: ORDERS.length - 1 }),
  kind: fc.constantFrom(...KINDS),
  state: fc.constantFrom(...outboxStates),
  attempts: fc.constantFrom(0, 0, 1),
  fields: fc.option(fieldsArb, { nil: null }),
  nextAttemptAt: fc.constantFrom(null, '2026-03-02T12:05:00.000Z'),
});
const inputArb = fc.record({
  order: fc.integer({ min: 0, max: ORDERS.length - 1 }),
  kind: fc.constantFrom<OutboxKind>('update', 'update', 'stateHistory', 'create', 'delete'),
  fields: fieldsArb,
});

/** A database with the given operations, and deterministic ids (so two runs can be compared row for row). */
function setUp(existing: readonly Existing[]): { sqlite: Sqlite; outbox: OutboxStore } {
  const { sqlite } = openDatabase({ file: ':memory:' });
  const insert = sqlite.prepare(
    `insert into outbox (op_id, order_client_id, kind, fields, order_rev, idempotency_key, state, attempts, next_attempt_at,
       created_at, updated_at) values (?, ?, ?, ?, 1, ?, ?, ?, ?, '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z')`,
  );
  existing.forEach((e, i) =>
    insert.run(`old-${i}`, ORDERS[e.order], e.kind, e.fields && JSON.stringify(e.fields), `key-${i}`, e.state, e.attempts, e.nextAttemptAt),
  );
  let n = 0;
  vi.spyOn(crypto, 'randomUUID').mockImplementation(() => `00000000-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`);
  return { sqlite, outbox: new OutboxStore(sqlite, clock) };
}

describe('OutboxStore.enqueueKnown', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes exactly what enqueue writes, from outboxes read once (coalescing and dependsOn alike)', () => {
    fc.assert(
      fc.property(fc.array(existingArb, { maxLength: 8 }), fc.array(inputArb, { minLength: 1, maxLength: 8 }), (existing, inputs) => {
        const toInput = (x: (typeof inputs)[number], i: number) => ({
          orderClientId: ORDERS[x.order]!,
          kind: x.kind,
          orderRev: 2 + i,
          ...(x.kind === 'update' ? { fields: x.fields } : { payload: { n: i } }),
        });

        const one = setUp(existing);
        const byEnqueue = inputs.map((x, i) => one.outbox.enqueue(toInput(x, i)));
        const expected = one.sqlite.prepare('select * from outbox order by seq').all();
        vi.restoreAllMocks();

        const other = setUp(existing);
        const known = other.outbox.knownOutboxes(JSON.stringify(ORDERS));
        const outboxOf = (id: string): KnownOutbox => {
          let k = known.get(id);
          if (!k) known.set(id, (k = { tail: undefined, open: [] }));
          return k;
        };
        const byKnown = inputs.map((x, i) => other.outbox.enqueueKnown(outboxOf(ORDERS[x.order]!), toInput(x, i)));
        expect(byKnown).toEqual(byEnqueue);
        expect(other.sqlite.prepare('select * from outbox order by seq').all()).toEqual(expected);

        // What was kept in memory is what a fresh read finds.
        const reread = other.outbox.knownOutboxes(JSON.stringify(ORDERS));
        for (const id of ORDERS) {
          const kept = known.get(id) ?? { tail: undefined, open: [] };
          expect(kept).toEqual(reread.get(id) ?? { tail: undefined, open: [] });
          expect(kept.open.map((o) => o.state)).toEqual(other.outbox.openSituation(id).map((o) => o.state));
        }
        one.sqlite.close();
        other.sqlite.close();
      }),
      { numRuns: 300 },
    );
  });

  it('a deferred insert lands when its batch writes it; nothing can be folded into it before', () => {
    const { sqlite, outbox } = setUp([]);
    const known: KnownOutbox = { tail: undefined, open: [] };
    const later: unknown[][] = [];
    const placed = outbox.enqueueKnown(known, { orderClientId: 'o1', kind: 'update', fields: ['status'], orderRev: 2 }, (values) => later.push(values));
    expect(placed.seq).toBeNaN();
    expect(sqlite.prepare('select count(*) as n from outbox').get()).toEqual({ n: 0 });
    // A later update would fold into the never-sent tail, which has no row yet: refused, not lost.
    expect(() => outbox.enqueueKnown(known, { orderClientId: 'o1', kind: 'update', fields: ['lines'], orderRev: 3 })).toThrow(/not inserted yet/);
    sqlite.prepare(insertOperations(OPERATION_TUPLE)).run(...later[0]!);
    expect(sqlite.prepare('select order_client_id, kind, fields, order_rev, state from outbox').all()).toEqual([
      { order_client_id: 'o1', kind: 'update', fields: '["status"]', order_rev: 2, state: 'pending' },
    ]);
    sqlite.close();
  });

  it('counts and lists operations by state as a GROUP BY and a filter over every row would, reading only the open and cancelled ones', () => {
    fc.assert(
      fc.property(fc.array(existingArb, { maxLength: 30 }), fc.subarray(['pending', 'failed', 'blocked'] as const, { minLength: 1 }), (existing, open) => {
        const { sqlite, outbox } = setUp(existing);
        try {
          const expected = Object.fromEntries(outboxStates.map((state) => [state, existing.filter((e) => e.state === state).length]));
          expect(outbox.counts()).toEqual(expected);
          const listed = outbox.list({ states: open, limit: 100 }).map((o) => o.seq);
          const all = sqlite.prepare<[], { seq: number; state: OutboxState }>('select seq, state from outbox order by seq').all();
          expect(listed).toEqual(all.filter((r) => (open as readonly string[]).includes(r.state)).map((r) => r.seq));
        } finally {
          vi.restoreAllMocks();
          sqlite.close();
        }
      }),
    );
    // The plans behind them: no statement of the sync panel reads the done operations.
    const { sqlite } = openDatabase({ file: ':memory:' });
    try {
      const plan = (sql: string, ...args: string[]) =>
        sqlite.prepare(`explain query plan ${sql}`).all(...args).map((r) => (r as { detail: string }).detail).join(' | ');
      expect(plan(`select count(*) from outbox where state = 'cancelled'`)).toContain('outbox_cancelled_idx');
      expect(plan(`select state, count(*) as n from outbox where state in ('pending', 'failed', 'blocked') group by state`)).toContain('outbox_open_idx');
      expect(plan(`select * from outbox o where o.state in (?, ?) and o.state in ('pending', 'failed', 'blocked') order by seq`, 'pending', 'failed')).toContain('outbox_open_idx');
    } finally {
      sqlite.close();
    }
  });
});

