/**
 * `npm run bench -- drain`: draining a backlog of 20,000 operations (4,000 counter orders:
 * create, 2 updates, sale, close) against the reference server (its own process) on loopback:
 * (a) the pusher at its default concurrency, with a fresh counter sale every 200 ms whose
 * acknowledgement time is measured; (b) the pusher at concurrency 1; (c) the transport ceiling:
 * the same requests through the same HTTP client at the same concurrency with no outbox work.
 * Five rounds of (c), (a), (b) (BENCH_DRAIN_ROUNDS): the figures move ±15 % from run to run on
 * two shared cores, so the summary gives each figure's median over the rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../common/ids.ts';
import { createHttpClient } from '../main/sync/http-client.ts';
import { DEFAULT_PUSHER_OPTIONS } from '../main/sync/pusher.ts';
import { buildRequest, type OrderSnapshot } from '../main/sync/requests.ts';
import { createTerminal } from '../main/terminal.ts';
import { storeBacklog } from './drain-backlog.ts';
import { startServerProcess } from './server-process.ts';
import { percentile, progress, round } from './stats.ts';

const ORDERS = Number(process.env.BENCH_DRAIN_ORDERS ?? 4000);
const OPS = ORDERS * 5;
const TOKEN = 'dev-token-till-1';

interface Stats {
  orders: { count: number; duplicateClientIds: unknown[] };
  sales: { count: number; duplicateClientIds: unknown[]; maxPerOrder: number };
  transactions: { duplicateTxIds: unknown[] };
}

async function serverDuplicates(url: string): Promise<{ duplicates: number; orders: number; sales: number }> {
  const stats = (await (await fetch(`${url}/__test/stats`)).json()) as Stats;
  const duplicates = stats.orders.duplicateClientIds.length + stats.sales.duplicateClientIds.length + stats.transactions.duplicateTxIds.length + (stats.sales.maxPerOrder > 1 ? 1 : 0);
  return { duplicates, orders: stats.orders.count, sales: stats.sales.count };
}

async function drainWithPusher(concurrency: number, freshSales: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'pos-bench-drain-'));
  const server = await startServerProcess(join(dir, 'server.sqlite'));
  const terminal = createTerminal(
    { dataDir: join(dir, 'terminal'), serverUrl: server.url, deviceId: 'till-1', deviceToken: TOKEN },
    { sync: { concurrency, pullIntervalMs: 3_600_000 }, stateTimers: false },
  );
  try {
    storeBacklog(terminal, ORDERS);
    const fresh = new Map<string, number>();
    const latencies: number[] = [];
    terminal.on('order.changed', ({ orderClientId, syncStatus }) => {
      const started = fresh.get(orderClientId);
      if (started !== undefined && syncStatus === 'Charged') {
        latencies.push(performance.now() - started);
        fresh.delete(orderClientId);
      }
    });
    let backlogDone = false;
    const sellEvery200ms = async () => {
      while (!backlogDone) {
        const created = await terminal.dispatch('orders.create', { lines: [{ sku: 'F1', name: 'Fresh', qty: 1, unitPrice: 300 }] });
        if (!created.ok) throw new Error(created.error.message);
        const id = (created.value as { clientId: string }).clientId;
        await terminal.dispatch('payments.record', { orderClientId: id, method: 'cash', amount: 300 });
        const sold = await terminal.dispatch('sales.complete', { orderClientId: id });
        if (!sold.ok) throw new Error(sold.error.message);
        fresh.set(id, performance.now());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const eluBefore = performance.eventLoopUtilization();
    terminal.sync.pusher.start();
    const selling = freshSales ? sellEvery200ms() : Promise.resolve();
    // Wait for the backlog (the pusher settles only between fresh sales): its operations are the
    // first OPS of the outbox; finding an open one among them reads only the open-state index.
    // Checked as an order's lane settles (after the tick's commit), so the end is timed to the
    // tick that acknowledged the last operation, not to a polling interval.
    const lastBacklogSeq = OPS;
    const openBacklog = terminal.ctx.sqlite.prepare<[number], number>(`select 1 from outbox where state in ('pending', 'failed', 'blocked') and seq <= ? limit 1`).pluck();
    let ended = 0;
    await new Promise<void>((resolve) => {
      const check = () => {
        if (openBacklog.get(lastBacklogSeq) !== undefined) return;
        ended = performance.now();
        off();
        resolve();
      };
      const settled = new Set(['Synced', 'Charged', 'Removed', 'Failed', 'Blocked']);
      const off = terminal.on('order.changed', ({ syncStatus }) => {
        if (settled.has(syncStatus)) check();
      });
      check();
    });
    const elapsed = ended - started;
    const cpu = process.cpuUsage(cpuBefore);
    const elu = performance.eventLoopUtilization(eluBefore).utilization;
    backlogDone = true;
    await selling;
    await terminal.sync.pusher.settled();
    const server_ = await serverDuplicates(server.url);
    return { opsPerS: OPS / (elapsed / 1000), elapsedMs: elapsed, latencies, ...server_, durability: server.durability, ticks: terminal.sync.pusher.counters.ticks, terminalCpuShare: (cpu.user + cpu.system) / 1000 / elapsed, mainThreadBusy: elu };
  } finally {
    await terminal.shutdown();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same requests through the same client at the same concurrency, with no outbox at all. */
async function transportCeiling(concurrency: number) {
  const dir = mkdtempSync(join(tmpdir(), 'pos-bench-transport-'));
  const server = await startServerProcess(join(dir, 'server.sqlite'));
  const http = createHttpClient({ serverUrl: server.url, deviceToken: TOKEN, timeoutMs: 10_000 });
  try {
    const now = new Date().toISOString();
    const snapshots: OrderSnapshot[] = Array.from({ length: ORDERS }, (_, i) => {
      const saleId = uuidv7();
      return {
        clientId: uuidv7(),
        serverId: 0,
        version: 0,
        status: 'Done',
        currency: 'EUR',
        total: 620,
        customer: { name: 'Walk-in' },
        deliveryAddress: null,
        lines: [
          { lineId: uuidv7(), sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250, discount: 0 },
          { lineId: uuidv7(), sku: 'B2', name: 'Bun', qty: 1, unitPrice: 120, discount: 0 },
        ],
        shipments: [],
        createdAt: now,
        sale: { clientId: saleId, receiptNo: `TC-${i}`, total: 620, createdAt: now, transactions: [{ txId: uuidv7(), method: 'cash', amount: 620, reference: null, tendered: 1000, change: 380, at: now }] },
      };
    });
    const steps = [
      { kind: 'create' as const, fields: null },
      { kind: 'update' as const, fields: ['lines' as const] },
      { kind: 'update' as const, fields: ['customer' as const] },
      { kind: 'sale' as const, fields: null },
      { kind: 'close' as const, fields: null },
    ];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const eluBefore = performance.eventLoopUtilization();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < ORDERS; i = next++) {
          const order = snapshots[i]!;
          for (const step of steps) {
            const answer = await http.send(buildRequest({ ...step, payload: null, targetId: null }, order), crypto.randomUUID());
            if (!answer.ok || answer.status >= 300) {
              failures++;
              break;
            }
            const body = JSON.parse(answer.text) as { id?: number; version?: number; order?: { id: number; version: number } };
            const o = body.order ?? body;
            order.serverId = o.id ?? order.serverId;
            order.version = o.version ?? order.version;
          }
        }
      }),
    );
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const elu = performance.eventLoopUtilization(eluBefore).utilization;
    return { opsPerS: OPS / (elapsed / 1000), elapsedMs: elapsed, failures, clientCpuShare: (cpu.user + cpu.system) / 1000 / elapsed, mainThreadBusy: elu };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const concurrency = Number(process.env.BENCH_DRAIN_CONCURRENCY ?? DEFAULT_PUSHER_OPTIONS.concurrency);
if (process.env.BENCH_DRAIN_ONLY === 'transport') {
  const only = await transportCeiling(concurrency);
  console.log(JSON.stringify({ bench: 'drain-transport-only', ops_per_s: round(only.opsPerS, 0), client_cpu_share: round(only.clientCpuShare, 2), main_thread_busy: round(only.mainThreadBusy, 2) }));
  process.exit(0);
}
if (process.env.BENCH_DRAIN_ONLY === 'pusher') {
  // For profiling the outbox alone: `BENCH_DRAIN_ONLY=pusher node --cpu-prof bench/drain.ts`.
  const only = await drainWithPusher(concurrency, false);
  console.log(JSON.stringify({ bench: 'drain-pusher-only', ops_per_s: round(only.opsPerS, 0), ticks: only.ticks, terminal_cpu_share: round(only.terminalCpuShare, 2), main_thread_busy: round(only.mainThreadBusy, 2) }));
  process.exit(0);
}
/** Rounds of (c), (a), (b), one after the other so each round sees the same machine; medians are reported. */
const ROUNDS = Number(process.env.BENCH_DRAIN_ROUNDS ?? 5);
const rounds: Array<{ transport: Awaited<ReturnType<typeof transportCeiling>>; parallel: Awaited<ReturnType<typeof drainWithPusher>>; sequential: Awaited<ReturnType<typeof drainWithPusher>> }> = [];
for (let r = 1; r <= ROUNDS; r++) {
  progress(`drain ${r}/${ROUNDS}: (c) transport ceiling, ${OPS} requests at concurrency ${concurrency}…`);
  const transport = await transportCeiling(concurrency);
  progress(`drain ${r}/${ROUNDS}: (a) pusher at concurrency ${concurrency} with a fresh sale every 200 ms…`);
  const parallel = await drainWithPusher(concurrency, true);
  progress(`drain ${r}/${ROUNDS}: (b) pusher at concurrency 1…`);
  const sequential = await drainWithPusher(1, false);
  rounds.push({ transport, parallel, sequential });
  progress(`drain ${r}/${ROUNDS}: (a) ${round(parallel.opsPerS, 0)} ops/s, (b) ${round(sequential.opsPerS, 0)}, (c) ${round(transport.opsPerS, 0)}`);
}
const median = (values: number[]) => percentile(values, 50);
const transportOps = median(rounds.map((r) => r.transport.opsPerS));
const parallelOps = median(rounds.map((r) => r.parallel.opsPerS));
const sequentialOps = median(rounds.map((r) => r.sequential.opsPerS));
const latencies = rounds.flatMap((r) => r.parallel.latencies);
const duplicates = rounds.reduce((n, r) => n + r.parallel.duplicates + r.sequential.duplicates, 0);
const last = rounds[rounds.length - 1]!;

const detail = {
  bench: 'drain-detail',
  concurrency,
  rounds: rounds.map((r) => ({
    transport_ops_per_s: round(r.transport.opsPerS, 0),
    pusher_ops_per_s: round(r.parallel.opsPerS, 0),
    sequential_ops_per_s: round(r.sequential.opsPerS, 0),
    pusher_vs_transport: round(r.parallel.opsPerS / r.transport.opsPerS, 2),
    pusher_vs_sequential: round(r.parallel.opsPerS / r.sequential.opsPerS, 2),
    ticks: r.parallel.ticks,
    terminal_cpu_share: round(r.parallel.terminalCpuShare, 2),
    // Share of the time the main thread was busy: both (a) and (c) are bound by it here.
    pusher_main_thread_busy: round(r.parallel.mainThreadBusy, 2),
    transport_main_thread_busy: round(r.transport.mainThreadBusy, 2),
    transport_failures: r.transport.failures,
  })),
  fresh_sales: latencies.length,
  fresh_sale_p50_ms: round(percentile(latencies, 50), 1),
  ratios_of_medians: { pusher_vs_transport: round(parallelOps / transportOps, 2), pusher_vs_sequential: round(parallelOps / sequentialOps, 2) },
  targets: { pusher_vs_transport: 0.8, pusher_vs_sequential: 3, fresh_sale_p95_ms: 1000 },
  server_durability: last.parallel.durability,
  terminal_durability: 'journal_mode=wal synchronous=FULL',
  server_orders_last_round: last.parallel.orders,
  server_sales_last_round: last.parallel.sales,
};
console.log(JSON.stringify(detail));
console.log(
  JSON.stringify({
    bench: 'drain',
    ops: OPS,
    ops_per_s: round(parallelOps, 0),
    sequential_ops_per_s: round(sequentialOps, 0),
    transport_ops_per_s: round(transportOps, 0),
    fresh_sale_p95_ms: round(percentile(latencies, 95), 1),
    server_duplicates: duplicates,
    server_durability: last.parallel.durability,
  }),
);
