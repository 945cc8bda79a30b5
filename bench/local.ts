/**
 * `npm run bench -- local`: how long a durable counter command takes (the IPC handler with
 * validation, the service, the SQLite commit with synchronous=FULL, the answer), next to a
 * bare one-row synchronous=FULL commit measured in the same run, interleaved so both see the
 * same disk. One JSON line per dataset size.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../common/ids.ts';
import { applyPragmas } from '../db/connection.ts';
import { createTerminal, type Terminal } from '../main/terminal.ts';
import { nowMs, progress, round, summary } from './stats.ts';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);
const DATASETS = (process.env.BENCH_ORDERS ?? '0,100000').split(',').map(Number);

/** Stores `count` finished and open orders straight through SQL, as months of trading would. */
function prefill(terminal: Terminal, count: number): void {
  const db = terminal.ctx.sqlite;
  const now = new Date().toISOString();
  const order = db.prepare(
    `insert into orders (client_id, server_id, version, status, sync_status, currency, total, local_rev, created_at, updated_at)
     values (?, ?, 3, ?, ?, 'EUR', 620, 3, ?, ?)`,
  );
  const line = db.prepare(`insert into order_lines (line_id, order_client_id, position, sku, name, qty, unit_price, discount) values (?, ?, ?, ?, ?, ?, ?, 0)`);
  const tx = db.prepare(`insert into transactions (tx_id, order_client_id, sale_client_id, method, amount, at) values (?, ?, ?, 'cash', 620, ?)`);
  const sale = db.prepare(`insert into sales (client_id, order_client_id, receipt_no, total, created_at) values (?, ?, ?, 620, ?)`);
  const op = db.prepare(
    `insert into outbox (op_id, order_client_id, kind, order_rev, idempotency_key, keys, state, attempts, created_at, updated_at, done_at)
     values (?, ?, ?, 3, ?, '[]', 'done', 1, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = uuidv7();
      const sold = i % 50 !== 0;
      order.run(id, i + 1, sold ? 'Done' : 'InProgress', sold ? 'Charged' : 'Synced', now, now);
      line.run(uuidv7(), id, 1, 'A1', 'Coffee', 2, 250);
      line.run(uuidv7(), id, 2, 'B2', 'Bun', 1, 120);
      for (const kind of sold ? ['create', 'sale', 'close'] : ['create']) op.run(uuidv7(), id, kind, crypto.randomUUID(), now, now, now);
      if (sold) {
        const saleId = uuidv7();
        sale.run(saleId, id, `OLD-${i}`, now);
        tx.run(uuidv7(), id, saleId, now);
      }
    }
  })();
}

async function measure(orders: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pos-bench-local-'));
  try {
    const bare = new Database(join(dir, 'bare.sqlite'));
    applyPragmas(bare);
    bare.exec('create table t (id integer primary key, v text)');
    const bareInsert = bare.prepare('insert into t (v) values (?)');

    const terminal = createTerminal({ dataDir: join(dir, 'terminal'), serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1' });
    if (orders > 0) {
      progress(`local: storing ${orders} orders…`);
      prefill(terminal, orders);
      terminal.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    }
    // The orders being worked on: 100 open ones with a large balance.
    const open: string[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await terminal.dispatch('orders.create', { lines: [{ sku: 'X', name: 'Big', qty: 1, unitPrice: 10_000_000 }] });
      if (!r.ok) throw new Error(r.error.message);
      open.push((r.value as { clientId: string }).clientId);
    }
    const bareMs: number[] = [];
    const addMs: number[] = [];
    const payMs: number[] = [];
    const warmup = 100;
    progress(`local: ${SAMPLES} samples each with ${orders} orders stored…`);
    for (let i = 0; i < SAMPLES + warmup; i++) {
      const orderClientId = open[i % open.length]!;
      let t0 = nowMs();
      bareInsert.run('x');
      const b = nowMs() - t0;
      t0 = nowMs();
      const added = await terminal.dispatch('orders.addLine', { orderClientId, sku: 'A1', name: 'Coffee', qty: 1, unitPrice: 250 });
      const a = nowMs() - t0;
      t0 = nowMs();
      const paid = await terminal.dispatch('payments.record', { orderClientId, method: 'cash', amount: 100, tendered: 500 });
      const p = nowMs() - t0;
      if (!added.ok || !paid.ok) throw new Error(`command refused: ${JSON.stringify(added.ok ? paid : added)}`);
      if (i >= warmup) {
        bareMs.push(b);
        addMs.push(a);
        payMs.push(p);
      }
    }
    terminal.close();
    bare.close();
    const command = summary([...addMs, ...payMs]);
    const bareS = summary(bareMs);
    return {
      bench: 'local',
      orders,
      command_p50_ms: command.p50,
      command_p99_ms: command.p99,
      bare_commit_p50_ms: bareS.p50,
      bare_commit_p99_ms: bareS.p99,
      add_line_p50_ms: summary(addMs).p50,
      add_line_p99_ms: summary(addMs).p99,
      record_payment_p50_ms: summary(payMs).p50,
      record_payment_p99_ms: summary(payMs).p99,
      p99_ratio: round(command.p99 / bareS.p99, 2),
      target_p99_ratio: 3,
      samples: SAMPLES,
      synchronous: 'FULL',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchLocal(): Promise<void> {
  for (const orders of DATASETS) {
    console.log(JSON.stringify(await measure(orders)));
  }
}

if (import.meta.main) await benchLocal();
