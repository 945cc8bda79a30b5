/**
 * The chaos run (issue 3): three terminals in separate processes against one reference server
 * with faults on; terminals SIGKILLed and restarted mid-drain; the back office closing, reopening,
 * editing and deleting shared orders; then the network heals, everything drains, and SPEC §7 is
 * checked: no duplicate on the server, no transaction lost, every sale before its close, and the
 * terminals' orders agree with the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createServer } from '../../server/app.ts';
import { checkConvergence, type TerminalFacts } from './convergence.ts';

export interface ChaosOptions {
  seed: number;
  sessions: number;
  log?: (line: string) => void;
}

const worker = fileURLToPath(new URL('./terminal-worker.ts', import.meta.url));
const DEVICES = ['till-1', 'till-2', 'kiosk-1'];

export async function runChaos({ seed, sessions, log = () => {} }: ChaosOptions) {
  let s = seed >>> 0 || 1;
  const random = () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 0x100000000;
  };
  const root = mkdtempSync(join(tmpdir(), 'pos-chaos-'));
  const server = await createServer({
    testMode: true,
    db: join(root, 'server.sqlite'),
    faults: { seed, dropBeforeRate: 0.05, dropAfterCommitRate: 0.05, error5xxRate: 0.03, retryAfterRate: 0.02, retryAfterSeconds: 1, latencyMs: [0, 15] },
  });
  const acked: TerminalFacts['acked'] = new Map(DEVICES.map((d) => [d, { txIds: new Set<string>(), sales: new Set<string>() }]));
  const running = new Map<string, ChildProcess>();
  let kills = 0;
  let backOfficeActions = 0;
  let staffRetries = 0;

  /** Spawns a terminal; `ready` resolves once it has opened its database and started syncing (or exited). */
  const start = (device: string, drain = false) => {
    const child = spawn(process.execPath, [worker, join(root, device), device, server.tokens[device]!, server.url, String(Math.floor(random() * 1e9)), ...(drain ? ['--drain'] : [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    createInterface({ input: child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as { tx?: string; sale?: string; ready?: boolean; retried?: number; deviceId: string };
      if (line.ready) markReady();
      if (line.retried) staffRetries++;
      if (line.tx) acked.get(line.deviceId)!.txIds.add(line.tx);
      if (line.sale) acked.get(line.deviceId)!.sales.add(line.sale);
    });
    running.set(device, child);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    void exited.then(markReady);
    return { ready, exited };
  };
  const kill = async (device: string) => {
    const child = running.get(device);
    if (!child) return;
    running.delete(device);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    kills++;
  };
  const backOffice = async () => {
    const { orders } = (await (await fetch(`${server.url}/__test/orders`)).json()) as { orders: Array<{ id: number; status: string; sale: unknown; lines: unknown[] }> };
    const order = orders[Math.floor(random() * orders.length)];
    if (!order) return;
    const r = random();
    let path: string | undefined;
    let body: unknown;
    if (order.status === 'Done' && !order.sale) path = 'reopen';
    else if (order.status !== 'Done' && order.status !== 'Deleted') {
      if (r < 0.3) path = 'close';
      else if (r < 0.5 && !order.sale) path = 'delete';
      else {
        path = 'edit';
        body = { lines: [...order.lines, { lineId: crypto.randomUUID(), sku: 'BO', name: 'Back office', qty: 1, unitPrice: 90, discount: 0 }] };
      }
    }
    if (!path) return;
    const answer = await fetch(`${server.url}/__test/orders/${order.id}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (answer.ok) backOfficeActions++;
  };

  try {
    for (let session = 1; session <= sessions; session++) {
      const started = DEVICES.filter((device) => !running.has(device)).map((device) => start(device).ready);
      // A session is counted from the moment its terminals are up: loading the code takes a
      // second or more on a slow machine, and a terminal killed before it starts does nothing.
      await Promise.all(started);
      await new Promise((resolve) => setTimeout(resolve, 400 + Math.floor(random() * 900)));
      for (let i = 0; i < 2; i++) await backOffice();
      const victims = DEVICES.filter(() => random() < 0.5);
      for (const device of victims.length > 0 ? victims : [DEVICES[session % DEVICES.length]!]) await kill(device);
      log(`session ${session}/${sessions}: ${kills} kills so far`);
    }
    for (const device of [...running.keys()]) await kill(device);

    // The network heals: every terminal drains, then pulls what the others pushed.
    server.faults!.configure({});
    for (let round = 0; round < 2; round++) {
      const codes = await Promise.all(DEVICES.map((device) => start(device, true).exited));
      if (codes.some((code) => code !== 0)) throw new Error(`a draining terminal failed: exit codes ${codes.join(', ')}`);
      running.clear();
    }

    const stats = (await (await fetch(`${server.url}/__test/stats`)).json()) as Record<string, unknown> & {
      faults: Record<string, number>;
      orders: { duplicateClientIds: unknown[] };
      sales: { duplicateClientIds: unknown[]; maxPerOrder: number };
      transactions: { duplicateTxIds: unknown[] };
    };
    const held = (await (await fetch(`${server.url}/__test/orders`)).json()) as { orders: Parameters<typeof checkConvergence>[0] };
    const report = checkConvergence(held.orders, DEVICES.map((device) => ({ device, file: join(root, device, 'terminal.sqlite') })), acked);
    const duplicates = stats.orders.duplicateClientIds.length + stats.sales.duplicateClientIds.length + stats.transactions.duplicateTxIds.length + (stats.sales.maxPerOrder > 1 ? 1 : 0);
    return {
      chaos: true,
      seed,
      sessions,
      operations: report.operations,
      faults: stats.faults,
      kills,
      back_office_actions: backOfficeActions,
      duplicates,
      lost: report.lost.length,
      converged: report.diverged.length === 0 && report.problems.length === 0,
      conflicts_resolved: report.conflictsResolved,
      blocked: report.blocked,
      settled: report.settled,
      voided_sales: report.voided,
      staff_retries: staffRetries,
      details: { lost: report.lost.slice(0, 10), diverged: report.diverged.slice(0, 10), problems: report.problems.slice(0, 10), orders: held.orders.length, acked_transactions: report.ackedTransactions },
    };
  } finally {
    for (const device of [...running.keys()]) await kill(device);
    await server.close();
    if (process.env.CHAOS_KEEP) log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}
