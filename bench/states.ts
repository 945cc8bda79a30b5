/**
 * `npm run bench -- states` (or `node bench/states.ts`): order-state reconstruction (SPEC §6).
 * - pure: the reconstruction of one order with 20 shipments and 120 step states (no I/O), each
 *   run followed by a fixed allocation-free computation of similar length whose p99 shows the
 *   machine's own tail at that scale (the same-run reference);
 * - job: the whole consumer job on that order (read, reconstruct, write history, status and
 *   outbox, index, notification, commit with synchronous=FULL), next to a bare one-row commit
 *   on the same database, interleaved so both see the same disk; measured after 1,000 of each
 *   (BENCH_JOB_WARMUP), once the code is compiled and the WAL file has reached its working size:
 *   until then, commits extend the file, which costs their sync about twice as much;
 * - rebuild: a deletion-scenario rebuild of 10,000 orders × 5 shipments × 6 step states from an
 *   empty history (every entry created, notified and queued for the server), batched per
 *   transaction; after one warm-up rebuild, five runs, each on a copy of one seeded database, the
 *   median reported;
 * - search: ShippingIndex full-text search p95 over 1,000,000 shipments.
 * One JSON line per part on stdout, then the summary line; progress on stderr.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from '../common/ids.ts';
import { startCheckpointer } from '../db/checkpointer.ts';
import { openDatabase, type Sqlite } from '../db/connection.ts';
import { systemClock, type Clock } from '../main/clock.ts';
import { createStores, inTransaction, type Context } from '../main/context.ts';
import { EventBus } from '../main/events.ts';
import { reconstruct } from '../main/states/reconstruct.ts';
import { DEFAULT_RULES } from '../main/states/rules.ts';
import { ShippingIndexStore } from '../main/states/shipping-index.ts';
import { StatesService } from '../main/states/states-service.ts';
import type { StepStateFact } from '../main/states/types.ts';
import { nowMs, percentile, progress, round, summary } from './stats.ts';

const JOB_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);
const JOB_WARMUP = Number(process.env.BENCH_JOB_WARMUP ?? 1000);
const REBUILD_ORDERS = Number(process.env.BENCH_REBUILD_ORDERS ?? 10_000);
/** Rebuilds measured, each from a copy of the same seeded database; the median is reported. */
const REBUILD_RUNS = Number(process.env.BENCH_REBUILD_RUNS ?? 5);
/**
 * Rebuilds run first and not counted (BENCH_REBUILD_WARMUP), as the job part's warm-up jobs: a
 * terminal's consumer runs all day, so a rebuild meets compiled code, which the first run of a
 * fresh process does not (it measured about 10 % slower than the next ones).
 */
const REBUILD_WARMUP = Number(process.env.BENCH_REBUILD_WARMUP ?? 1);
const SEARCH_ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 1_000_000);
const CODES = ['accepted', 'dispatched', 'in_transit', 'delayed', 'out_for_delivery', 'delivered'] as const;
const T0 = Date.parse('2026-03-02T06:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A database set up as the terminal's is (createTerminal): WAL checkpoints on their own thread. */
function context(file: string, clock: Clock = systemClock): Context & { close(): Promise<void> } {
  const { sqlite } = openDatabase({ file });
  const checkpointer = startCheckpointer(sqlite);
  const close = async () => {
    await checkpointer.stop();
    sqlite.close();
  };
  return { sqlite, stores: createStores(sqlite, clock), clock, events: new EventBus(), connectivity: { online: true }, deviceId: 'bench', close };
}

/** Orders with shipments straight through SQL (the index rows follow by trigger). */
function seedOrders(sqlite: Sqlite, count: number, shipmentsPerOrder: number): { orderId: string; shipmentIds: string[] }[] {
  const now = iso(Date.now());
  const order = sqlite.prepare(
    `insert into orders (client_id, server_id, version, status, sync_status, currency, customer, delivery_address, total, local_rev, created_at, updated_at)
     values (?, ?, 1, 'InProgress', 'Synced', 'EUR', ?, ?, 500, 1, ?, ?)`,
  );
  const shipment = sqlite.prepare('insert into shipments (shipment_id, order_client_id, position, carrier, tracking_no) values (?, ?, ?, ?, ?)');
  const made: { orderId: string; shipmentIds: string[] }[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const orderId = uuidv7();
      order.run(orderId, i + 1, JSON.stringify({ name: `Customer ${i}` }), `Street ${i % 500}, City ${i % 40}`, now, now);
      const shipmentIds = Array.from({ length: shipmentsPerOrder }, (_, k) => {
        const id = uuidv7();
        shipment.run(id, orderId, k + 1, k % 2 ? 'SEUR' : 'Correos', `TRK${i}X${k}`);
        return id;
      });
      made.push({ orderId, shipmentIds });
    }
  })();
  return made;
}

/** Six notices per shipment: a lifecycle, with every 5th shipment delayed instead of in transit. */
function lifecycle(shipmentIds: readonly string[], perShipment: number): (StepStateFact & { id: string })[] {
  return shipmentIds.flatMap((shipmentId, s) =>
    Array.from({ length: perShipment }, (_, j) => ({
      id: uuidv7(),
      shipmentId,
      code: j === 3 && s % 5 !== 0 ? 'in_transit' : CODES[j % CODES.length]!,
      at: iso(T0 + j * 3_600_000 + s * 60_000),
    })),
  );
}

function insertStepStates(sqlite: Sqlite, orderId: string, facts: readonly (StepStateFact & { id: string })[]): void {
  const insert = sqlite.prepare(
    `insert into step_states (id, shipment_id, order_client_id, code, at, source, recorded_at) values (?, ?, ?, ?, ?, 'server', ?)`,
  );
  for (const f of facts) insert.run(f.id, f.shipmentId, orderId, f.code, f.at, f.at);
  sqlite.prepare('update orders set order_state_process_required = 2 where client_id = ?').run(orderId);
}

/**
 * A fixed computation of about the reconstruction's length with no allocation (sums over a
 * typed array), timed between its runs: its tail is what the machine itself adds to a few
 * microseconds (interrupts, another tenant's load), which the reconstruction's tail includes.
 */
const REFERENCE = new Float64Array(4096).map((_, i) => i % 7);
function referenceWork(): number {
  let sum = 0;
  for (let pass = 0; pass < 2; pass++) for (let i = 0; i < REFERENCE.length; i++) sum += REFERENCE[i]! * pass;
  return sum;
}

function benchPure() {
  const shipmentIds = Array.from({ length: 20 }, () => uuidv7());
  const stepStates = lifecycle(shipmentIds, 6);
  let n = 0;
  const newId = () => `h${n++}`;
  const input = { scenario: 'deletion' as const, rules: DEFAULT_RULES, shipmentIds, stepStates, history: [], newId };
  const history = reconstruct(input).history;
  const samples: number[] = [];
  const reference: number[] = [];
  let sink = 0;
  for (let i = 0; i < 120_000; i++) {
    let start = nowMs();
    reconstruct({ ...input, history });
    const took = nowMs() - start;
    start = nowMs();
    sink += referenceWork();
    const ref = nowMs() - start;
    if (i >= 20_000) {
      // after warm-up (JIT)
      samples.push(took);
      reference.push(ref);
    }
  }
  if (Number.isNaN(sink)) throw new Error('the reference computation went wrong'); // keeps it from being optimised away
  const s = summary(samples);
  return {
    part: 'pure',
    shipments: 20,
    stepStates: stepStates.length,
    p50_ms: round(percentile(samples, 50), 4),
    p99_ms: round(percentile(samples, 99), 4),
    p95_ms: s.p95,
    reference: { p50_ms: round(percentile(reference, 50), 4), p99_ms: round(percentile(reference, 99), 4) },
  };
}

async function benchJob(dir: string) {
  const ctx = context(join(dir, 'job.sqlite'));
  try {
    const states = new StatesService(ctx, { timers: false });
    const [{ orderId, shipmentIds }] = seedOrders(ctx.sqlite, 1, 20) as [{ orderId: string; shipmentIds: string[] }];
    inTransaction(ctx, () => insertStepStates(ctx.sqlite, orderId, lifecycle(shipmentIds, 6)));
    states.drain();
    ctx.sqlite.exec('create table bench_bare (id integer primary key, v text)');
    const bare = ctx.sqlite.prepare('insert into bench_bare (v) values (?)');
    const pruneOutbox = ctx.sqlite.prepare(`delete from outbox`);
    // 4 of 20 shipments delayed is just under R2's 25 %: toggling a 5th delayed notice adds or
    // removes Delayed, so every job really writes (history, status + its op, 20 index rows, a
    // notification when added, the history op). Dated last, so Delayed becomes the current state.
    const toggled = { id: 'bench-toggle', shipmentId: shipmentIds[1]!, code: 'delayed', at: iso(T0 + 12 * 3_600_000) };
    const jobs: number[] = [];
    const commits: number[] = [];
    let changed = 0;
    for (let i = 0; i < JOB_SAMPLES + JOB_WARMUP; i++) {
      if (i % 2 === 0) states.applyServerStepState(toggled);
      else states.removeServerStepState(toggled.id);
      states.sweep();
      // The sync engine acknowledges what earlier jobs queued; acknowledged operations are pruned
      // so this one order's outbox stays the size of a real order's (a few operations, not thousands).
      pruneOutbox.run();
      let start = nowMs();
      const run = states.runDue({ batchSize: 1 });
      const job = nowMs() - start;
      start = nowMs();
      inTransaction(ctx, () => bare.run('x'));
      const commit = nowMs() - start;
      if (i >= JOB_WARMUP) {
        jobs.push(job);
        commits.push(commit);
        if (run.jobs[0]?.changed) changed++;
      }
    }
    return { part: 'job', shipments: 20, stepStates: 120, warmupJobs: JOB_WARMUP, samples: jobs.length, jobsThatChangedHistory: changed, job: summary(jobs), bareCommit: summary(commits) };
  } finally {
    await ctx.close();
  }
}

async function benchRebuild(dir: string) {
  // Seeded once (slow: triggers fill the ShippingIndex); each run starts from a copy of it.
  const seeded = join(dir, 'rebuild-seed.sqlite');
  {
    const { sqlite } = openDatabase({ file: seeded });
    progress(`rebuild: seeding ${REBUILD_ORDERS} orders × 5 shipments × 6 step states…`);
    const orders = seedOrders(sqlite, REBUILD_ORDERS, 5);
    sqlite.transaction(() => {
      for (const o of orders) insertStepStates(sqlite, o.orderId, lifecycle(o.shipmentIds, 6));
    })();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.close();
  }
  const runs: Array<{ fromEmpty: ReturnType<typeof timedRebuild>; recheck: ReturnType<typeof timedRebuild>; entries: number }> = [];
  for (let r = -REBUILD_WARMUP; r < REBUILD_RUNS; r++) {
    const file = join(dir, `rebuild-${r}.sqlite`);
    const label = r < 0 ? `warm-up ${r + REBUILD_WARMUP + 1}/${REBUILD_WARMUP}` : `${r + 1}/${REBUILD_RUNS}`;
    copyFileSync(seeded, file);
    const ctx = context(file);
    try {
      const states = new StatesService(ctx, { timers: false });
      // From an empty history every entry is created: history rows, notifications, the index's
      // order-state columns, a state-history operation (and the sync status) per order.
      progress(`rebuild ${label}: deletion scenario for every order, from an empty history…`);
      const fromEmpty = timedRebuild(states);
      const entries = (ctx.sqlite.prepare('select count(*) as n from order_state_history').get() as { n: number }).n;
      // Again over the histories just written (a rules or app update re-checking every order):
      // same reads and reconstruction, and nothing to write but the job's removal.
      ctx.sqlite.prepare('update orders set order_state_process_required = 2').run();
      progress(`rebuild ${label}: again, over existing histories…`);
      const recheck = timedRebuild(states);
      if (r >= 0) runs.push({ fromEmpty, recheck, entries });
    } finally {
      await ctx.close();
      rmSync(file, { force: true });
    }
  }
  const median = (values: number[]) => percentile(values, 50);
  return {
    part: 'rebuild',
    warmupRuns: REBUILD_WARMUP,
    runs: runs.length,
    orders: runs[0]!.fromEmpty.orders,
    failed: runs.reduce((n, r) => n + r.fromEmpty.failed + r.recheck.failed, 0),
    historyEntries: runs[0]!.entries,
    seconds_median: round(median(runs.map((r) => r.fromEmpty.seconds))),
    orders_per_s: Math.round(median(runs.map((r) => r.fromEmpty.ordersPerS))),
    orders_per_s_runs: runs.map((r) => r.fromEmpty.ordersPerS),
    recheck_orders_per_s: Math.round(median(runs.map((r) => r.recheck.ordersPerS))),
    recheck_changed: runs.reduce((n, r) => n + r.recheck.changed, 0),
  };
}

function timedRebuild(states: StatesService) {
  const start = nowMs();
  states.sweep();
  const run = states.runDue({ batchSize: 1000 });
  const seconds = (nowMs() - start) / 1000;
  return {
    orders: run.jobs.length,
    failed: run.jobs.filter((j) => j.outcome === 'failed' || j.outcome === 'dead').length,
    changed: run.jobs.filter((j) => j.changed).length,
    seconds: round(seconds),
    ordersPerS: Math.round(run.jobs.length / seconds),
  };
}

const FIRST = ['Ana', 'José', 'María', 'Luis', 'Carmen', 'Javier', 'Lucía', 'Pablo', 'Elena', 'Diego', 'Olga', 'Ivan', 'Sofía', 'Marta', 'Pedro', 'Irina', 'Raúl', 'Nuria', 'Hugo', 'Alba'];
const LAST = ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Ivanov', 'Smirnov', 'Kuznetsov', 'Popov', 'Sokolov', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Serrano', 'Blanco', 'Molina', 'Castro'];
const CITIES = ['Madrid', 'Barcelona', 'Valencia', 'Sevilla', 'Zaragoza', 'Málaga', 'Murcia', 'Palma', 'Bilbao', 'Alicante', 'Córdoba', 'Valladolid', 'Vigo', 'Gijón', 'Granada', 'Moscú', 'Kazán', 'Lugo', 'Oviedo', 'Toledo'];
const STREETS = ['Calle Mayor', 'Gran Vía', 'Avenida del Puerto', 'Rúa Nova', 'Paseo de Gracia', 'Calle Real', 'Plaza España', 'Calle Sol'];
const CARRIERS = ['Correos', 'SEUR', 'MRW', 'GLS', 'DHL', 'UPS'];

function benchSearch(dir: string) {
  const { sqlite } = openDatabase({ file: join(dir, 'search.sqlite') });
  try {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const insert = sqlite.prepare(
      `insert into shipping_index (shipment_id, order_client_id, order_number, customer, address, carrier, tracking_no, last_step, order_state, order_state_since)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    progress(`search: building the ShippingIndex with ${SEARCH_ROWS} shipments (one transaction)…`);
    const buildStart = nowMs();
    const tracking: string[] = [];
    sqlite.transaction(() => {
      let orderId = '';
      for (let i = 0; i < SEARCH_ROWS; i++) {
        if (i % 5 === 0) orderId = uuidv7();
        const trackingNo = `${CARRIERS[i % 6]!.slice(0, 2).toUpperCase()}${(100_000_000 + i * 7919 + rnd(7919)).toString()}`;
        if (i % 997 === 0) tracking.push(trackingNo);
        const customer = `${FIRST[rnd(FIRST.length)]} ${LAST[rnd(LAST.length)]} 6${String(rnd(100_000_000)).padStart(8, '0')}`;
        const address = `${STREETS[rnd(STREETS.length)]} ${1 + rnd(200)}, ${CITIES[rnd(CITIES.length)]}`;
        insert.run(uuidv7(), orderId, String(Math.floor(i / 5) + 1), customer, address, CARRIERS[rnd(6)], trackingNo, CODES[rnd(6)], 'InDelivery', '2026-03-02T10:30:00.000Z');
        if (i % 100_000 === 99_999) progress(`search: ${i + 1} rows (${round((nowMs() - buildStart) / 1000, 1)} s)`);
      }
    })();
    const buildSeconds = round((nowMs() - buildStart) / 1000, 1);
    progress(`search: built in ${buildSeconds} s; querying…`);
    const index = new ShippingIndexStore(sqlite);
    // What the staff types at the deliveries screen: names, cities, tracking and order numbers,
    // a last step, and half-typed words (prefix search).
    const queries = (i: number): string => {
      switch (i % 8) {
        case 0: return LAST[rnd(LAST.length)]!;
        case 1: return `${FIRST[rnd(FIRST.length)]} ${LAST[rnd(LAST.length)]}`;
        case 2: return tracking[rnd(tracking.length)]!;
        case 3: return String(1 + rnd(SEARCH_ROWS / 5));
        case 4: return `${LAST[rnd(LAST.length)]!.slice(0, 4)}`;
        case 5: return `${LAST[rnd(LAST.length)]} ${CITIES[rnd(CITIES.length)]}`;
        case 6: return `${CARRIERS[rnd(6)]} delayed ${CITIES[rnd(CITIES.length)]!.slice(0, 3)}`;
        default: return tracking[rnd(tracking.length)]!.slice(0, 7);
      }
    };
    for (let i = 0; i < 400; i++) index.search(queries(i), 50); // warm the page cache
    const kinds = ['surname', 'full name', 'tracking no', 'order no', 'surname prefix', 'surname + city', 'carrier + step + city prefix', 'tracking prefix'];
    const samples: number[] = [];
    const byKind = kinds.map(() => [] as number[]);
    let hits = 0;
    for (let i = 0; i < 4000; i++) {
      const q = queries(i);
      const start = nowMs();
      hits += index.search(q, 50).length;
      const took = nowMs() - start;
      samples.push(took);
      byKind[i % 8]!.push(took);
    }
    const p95ByKind = Object.fromEntries(kinds.map((k, i) => [k, round(percentile(byKind[i]!, 95))]));
    return { part: 'search', shipments: SEARCH_ROWS, buildSeconds, queries: samples.length, meanHits: round(hits / samples.length, 1), ...summary(samples), p95ByKind };
  } finally {
    sqlite.close();
  }
}

/** `BENCH_PARTS=rebuild,search` runs only those parts (for profiling one); the summary then shows null for the others. */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'pure,job,rebuild,search').split(','));

export default async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-bench-states-'));
  const part = async <T extends object>(name: string, run: () => T | Promise<T>): Promise<T | null> => {
    if (!PARTS.has(name)) return null;
    const result = await run();
    console.log(JSON.stringify({ bench: 'states', ...result }));
    return result;
  };
  try {
    const pure = await part('pure', benchPure);
    if (PARTS.has('job')) progress('job: measuring the consumer job and the bare commit…');
    const job = await part('job', () => benchJob(dir));
    const rebuild = await part('rebuild', () => benchRebuild(dir));
    const search = await part('search', () => benchSearch(dir));
    console.log(
      JSON.stringify({
        bench: 'states',
        pure_p99_ms: pure?.p99_ms ?? null,
        job_p50_ms: job?.job.p50 ?? null,
        job_p99_ms: job?.job.p99 ?? null,
        bare_commit_p99_ms: job?.bareCommit.p99 ?? null,
        rebuild_orders_per_s: rebuild?.orders_per_s ?? null,
        search_p95_ms: search?.p95 ?? null,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
