import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { systemClock } from '../clock.ts';
import { createStores, type Context } from '../context.ts';
import { EventBus } from '../events.ts';
import { outboxViolations } from '../outbox/invariants.ts';
import { evidenceOf, type Evidence } from './evidence.ts';

const KILLS = Number(process.env.CRASH_KILLS ?? 60);
const worker = fileURLToPath(new URL('./counter-worker.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'pos-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Line {
  intent?: number;
  ack?: number;
  refused?: number;
  order: string | null;
  evidence?: Evidence;
}

/** Runs the worker until it has acknowledged a few commands, then SIGKILLs it at a random moment. */
function runUntilKilled(seed: number): Promise<{ lines: Line[]; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, dataDir, String(seed)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: Line[] = [];
    const killAfterAcks = 1 + (seed % 40);
    const extraMs = (seed * 7919) % 15;
    let acks = 0;
    let armed = false;
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      if (line.ack !== undefined && ++acks >= killAfterAcks && !armed) {
        armed = true;
        // A random instant a little later: mid-command, mid-commit, or between commands.
        setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ lines, signal }));
  });
}

function inspect() {
  const { sqlite } = openDatabase({ file: join(dataDir, 'terminal.sqlite') });
  try {
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    const ctx: Context = { sqlite, stores: createStores(sqlite, systemClock), clock: systemClock, events: new EventBus(), connectivity: { online: true }, deviceId: 'till-1' };
    const ids = sqlite.prepare<[], { client_id: string }>('select client_id from orders').all().map((r) => r.client_id);
    const evidence = new Map(ids.map((id) => [id, evidenceOf({ ctx }, id)]));
    return { integrity, violations: outboxViolations(sqlite), evidence };
  } finally {
    sqlite.close();
  }
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs during counter work: no corruption, outbox matches state, no acknowledged command lost`, async () => {
    const expected = new Map<string, Evidence>();
    let acknowledged = 0;
    let killedMidCommand = 0;
    for (let kill = 1; kill <= KILLS; kill++) {
      const { lines, signal } = await runUntilKilled(kill);
      expect(signal, `worker ${kill} ended by itself`).toBe('SIGKILL');
      const inFlight = new Set<string>();
      const open = new Map<number, string | null>();
      for (const line of lines) {
        if (line.intent !== undefined) open.set(line.intent, line.order);
        if (line.ack !== undefined) {
          open.delete(line.ack);
          acknowledged++;
          if (line.order && line.evidence) expected.set(line.order, line.evidence);
        }
        if (line.refused !== undefined) open.delete(line.refused);
      }
      for (const order of open.values()) if (order) inFlight.add(order);
      if (open.size > 0) killedMidCommand++;

      const { integrity, violations, evidence } = inspect();
      expect(integrity, `integrity after kill ${kill}`).toBe('ok');
      expect(violations, `outbox after kill ${kill}`).toEqual([]);
      for (const [order, facts] of expected) {
        if (inFlight.has(order)) continue;
        expect(evidence.get(order), `order ${order} after kill ${kill}`).toEqual(facts);
      }
      // What the killed command did or did not do is now the truth for the next round.
      for (const order of inFlight) {
        const now = evidence.get(order);
        if (now) expected.set(order, now);
      }
    }
    console.log(JSON.stringify({ crash: true, kills: KILLS, acknowledged, killedMidCommand, orders: expected.size }));
    expect(acknowledged).toBeGreaterThan(KILLS);
    expect(killedMidCommand).toBeGreaterThan(0);
  }, 300_000);
});
