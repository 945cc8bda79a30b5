import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { chronology, reconstruct } from './reconstruct.ts';
import { ManualClock, openTestContext } from './test-fixtures.ts';
import { StatesService } from './states-service.ts';

const CHILD = fileURLToPath(new URL('./durability-child.ts', import.meta.url));
const KILLS = 24;

interface ChildRun {
  notes: string[];
  ticks: number;
}

/** Starts the worker, lets it make `ticks` steps, then SIGKILLs it at whatever it is doing. */
function runAndKill(file: string, seed: number, ticks: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { notes: [], ticks: 0 };
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('note ')) run.notes.push(line.slice(5));
      else if (line === 'tick' && ++run.ticks >= ticks && !killed) {
        killed = child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(run);
      else reject(new Error(`worker ended by itself (code ${code}): ${stderr.slice(-2000)}`));
    });
  });
}

describe('durability: SIGKILL while sweeping and consuming', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pos-states-kill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`loses no marked change and never notifies twice across ${KILLS} kills`, async () => {
    const file = join(dir, 'terminal.sqlite');
    const allNotes: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      // Kill points vary from early (start-up, first sweep) to deep in the loop.
      const run = await runAndKill(file, 1000 + kill, 5 + ((kill * 37) % 120));
      allNotes.push(...run.notes);
      // After each kill the database opens, is intact, and holds no duplicate notification.
      const { sqlite } = openDatabase({ file });
      try {
        expect(sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        sqlite.prepare(`insert into shipping_index_fts (shipping_index_fts, rank) values ('integrity-check', 1)`).run();
        expect(
          sqlite.prepare(`select order_client_id, history_id from notifications group by 1, 2 having count(*) > 1`).all(),
        ).toEqual([]);
      } finally {
        sqlite.close();
      }
    }

    // Restart once more and drain (far in the future, so re-enqueued partial jobs run too).
    const clock = new ManualClock('2100-01-01T00:00:00.000Z');
    const ctx = openTestContext(file, clock);
    try {
      const states = new StatesService(ctx, { timers: false });
      states.drain();
      const { sqlite } = ctx;
      expect(sqlite.prepare('select count(*) as n from orders where order_state_process_required > 0').get()).toEqual({ n: 0 });
      // Only future re-checks of partly fulfilled rules may stay queued; nothing due, nothing dead.
      expect(sqlite.prepare(`select count(*) as n from order_state_process where state = 'dead' or due_at <= ?`).get(clock.iso())).toEqual({ n: 0 });
      const stepStates = sqlite.prepare('select count(*) as n from step_states').get() as { n: number };
      expect(stepStates.n).toBeGreaterThan(0);

      // Every step-state change is reflected: each order's history is what a from-scratch
      // recompute over its current notices gives, and its state and index rows agree.
      const orderIds = (sqlite.prepare('select client_id from orders').all() as { client_id: string }[]).map((r) => r.client_id);
      let entries = 0;
      for (const id of orderIds) {
        const history = chronology(states.stores.history.forOrder(id)).history;
        const expected = reconstruct({
          scenario: 'deletion',
          rules: states.rules.all(),
          shipmentIds: ctx.stores.orders.shipments(id).map((s) => s.shipmentId),
          stepStates: states.stores.stepStates.factsForOrder(id),
          history: [],
          newId: () => 'x',
        });
        const strip = (h: typeof history) => h.map(({ id: _id, ...rest }) => rest);
        expect(strip(history)).toEqual(strip(expected.history));
        const order = ctx.stores.orders.get(id)!;
        expect([order.order_state, order.order_state_since]).toEqual([expected.current?.state ?? null, expected.current?.since ?? null]);
        for (const row of states.stores.index.forOrder(id)) {
          expect([row.order_state, row.order_state_since]).toEqual([order.order_state, order.order_state_since]);
        }
        // Each entry in the history was notified exactly once.
        for (const h of history) {
          const n = sqlite.prepare('select count(*) as n from notifications where order_client_id = ? and history_id = ?').get(id, h.id);
          expect(n).toEqual({ n: 1 });
        }
        entries += history.length;
      }
      expect(entries).toBeGreaterThan(0);

      // No notification event was emitted twice by any run, and none without its row.
      const notified = sqlite.prepare('select id from notifications').all() as { id: string }[];
      const rowIds = new Set(notified.map((r) => r.id));
      const eventIds = allNotes.map((n) => n.split(' ')[1]!);
      expect(new Set(eventIds).size).toBe(eventIds.length);
      for (const id of eventIds) expect(rowIds.has(id)).toBe(true);
    } finally {
      ctx.sqlite.close();
    }
    // 24 Node processes started and killed: 35–45 s on two idle cores, past a minute when the
    // machine has other work, so this test gets more than the default.
  }, 180_000);
});
