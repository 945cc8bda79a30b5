import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../common/ipc-contract.ts';
import { at, deliveryOrder, testBed, type TestBed } from './test-fixtures.ts';

const CODES = ['dispatched', 'delayed', 'delivered', 'in_transit'];
const TABLES = ['orders', 'outbox', 'order_state_history', 'notifications', 'shipping_index', 'order_state_process'];

/**
 * A bed with 60 delivery orders of 0–4 shipments and assorted notices; ids come from a counter,
 * so two beds built the same way hold the same rows. Some orders are sold, one is deleted.
 */
function build(): { bed: TestBed; events: unknown[]; notices: { id: string; shipmentId: string }[] } {
  let n = 0;
  vi.spyOn(crypto, 'randomUUID').mockImplementation(() => `00000000-0000-4000-8000-${(n++).toString(16).padStart(12, '0')}`);
  const bed = testBed();
  const events: unknown[] = [];
  for (const name of ['notification', 'order.changed'] satisfies EventName[]) bed.ctx.events.on(name, (p) => events.push([name, p]));
  const notices: { id: string; shipmentId: string }[] = [];
  for (let i = 0; i < 60; i++) {
    const { orderClientId, shipmentIds } = deliveryOrder(bed, Array.from({ length: i % 5 }, (_, k) => `T${i}-${k}`));
    if (i % 7 === 3) bed.ctx.sqlite.prepare(`update orders set status = 'Done', sync_status = 'Charged' where client_id = ?`).run(orderClientId);
    shipmentIds.forEach((shipmentId, s) => {
      for (let j = 0; j < 1 + ((i + s) % 3); j++) {
        const id = `n${i}-${s}-${j}`;
        bed.states.applyServerStepState({ id, shipmentId, code: CODES[(i + s + j) % CODES.length]!, at: at(`1${(i + j) % 10}:${s}0`) });
        notices.push({ id, shipmentId });
      }
    });
    if (i === 11) bed.orders.delete({ orderClientId });
  }
  return { bed, events, notices };
}

/** Rowid tables in insertion order; the WITHOUT ROWID ones by their key. */
const ORDER: Record<string, string> = { order_state_history: 'order_client_id, rule_id', order_state_process: 'order_client_id' };

function dump(bed: TestBed): Record<string, unknown[]> {
  return Object.fromEntries(TABLES.map((t) => [t, bed.ctx.sqlite.prepare(`select * from ${t} order by ${ORDER[t] ?? 'rowid'}`).all()]));
}

describe('JobRunner batches', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a batch writes and emits exactly what the same jobs run one per transaction do', () => {
    const runs = [64, 1].map((batchSize) => {
      const { bed, events, notices } = build();
      bed.states.sweep();
      // More than one multi-row statement's worth of rows, and fewer (the remainder).
      const first = bed.states.runDue({ batchSize });
      // Then deletions over the histories just written (the deletion scenario reconciles).
      for (const notice of notices.filter((_, k) => k % 4 === 0)) bed.states.removeServerStepState(notice.id);
      bed.clock.advance(60_000);
      bed.states.sweep();
      const second = bed.states.runDue({ batchSize });
      const result = { jobs: [first.jobs, second.jobs], tables: dump(bed), events };
      bed.ctx.sqlite.close();
      vi.restoreAllMocks();
      return result;
    });
    expect(runs[0]!.jobs[0]!.length).toBeGreaterThan(40);
    expect(runs[0]!.tables.notifications!.length).toBeGreaterThan(32);
    expect(runs[0]).toEqual(runs[1]);
  });

  it('a throw anywhere in a batch (here a multi-row write) undoes the batch; the jobs then run alone', () => {
    const { bed } = build();
    const bad = bed.ctx.sqlite.prepare(`select order_client_id from shipments where tracking_no = 'T42-0'`).pluck().get() as string;
    bed.ctx.sqlite.exec(
      `create trigger test_break before insert on notifications when new.order_client_id = '${bad}'
       begin select raise(abort, 'bad row'); end`,
    );
    bed.states.sweep();
    const jobs = bed.states.runDue({ batchSize: 64 }).jobs;
    expect(jobs.filter((j) => j.outcome === 'failed')).toEqual([expect.objectContaining({ orderClientId: bad, error: expect.stringContaining('bad row') })]);
    expect(jobs.filter((j) => j.changed).length).toBeGreaterThan(30);
    const count = (sql: string) => bed.ctx.sqlite.prepare(sql).pluck().get(bad);
    expect(count('select count(*) from order_state_history where order_client_id = ?')).toBe(0);
    expect(count(`select count(*) from outbox where order_client_id = ? and kind = 'stateHistory'`)).toBe(0);
    expect(count('select attempts from order_state_process where order_client_id = ?')).toBe(1);
    expect(bed.ctx.sqlite.prepare('select count(*) from notifications').pluck().get()).toBeGreaterThan(30);
    bed.ctx.sqlite.close();
  });
});
