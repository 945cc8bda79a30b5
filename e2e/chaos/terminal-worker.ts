/**
 * One terminal of the chaos test, in its own process: counter work on its own orders and on
 * orders other terminals made (learned through the pull), syncing all along through a faulty
 * network, and settling the orders it shows Blocked as staff would (refunds, or a delete that
 * takes the server's order) or retrying what the sync panel offers to retry. Prints `{"ready":true}` once it is up, then one JSON line per
 * acknowledged payment or sale. With `--drain` it does no new work: it syncs until the outbox
 * settles, pulls, and exits.
 * Usage: node e2e/chaos/terminal-worker.ts <dataDir> <deviceId> <token> <serverUrl> <seed> [--drain]
 */
import { writeSync } from 'node:fs';
import { seededRandom } from '../../main/testing/seeded-random.ts';
import type { OutboxOperationView } from '../../common/entities.ts';
import type { CommandInput, CommandName } from '../../common/ipc-contract.ts';
import { createTerminal } from '../../main/terminal.ts';

const [dataDir, deviceId, token, serverUrl, seedArg, mode] = process.argv.slice(2);
if (!dataDir || !deviceId || !token || !serverUrl) throw new Error('usage: terminal-worker.ts <dataDir> <deviceId> <token> <serverUrl> <seed> [--drain]');
const random = seededRandom(Number(seedArg ?? 1));
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
const say = (line: object) => writeSync(1, `${JSON.stringify(line)}\n`);
setTimeout(() => process.exit(3), 120_000).unref();

const drainOnly = mode === '--drain';
const terminal = createTerminal(
  { dataDir, serverUrl, deviceId, deviceToken: token, driverTimeoutMs: 2000 },
  {
    sync: { autoStart: true, concurrency: 4, backoff: { baseMs: 20, capMs: 400 }, requestTimeoutMs: 3000, pullIntervalMs: drainOnly ? 60_000 : 150, random },
    stateTimers: false,
  },
);

say({ ready: true, deviceId });

async function run<K extends CommandName>(name: K, input: CommandInput<K>) {
  const result = await terminal.dispatch(name, input);
  return result.ok ? (result.value as never) : undefined;
}

if (drainOnly) {
  await terminal.sync.puller.pullOnce();
  await terminal.sync.pusher.settled();
  await terminal.sync.puller.pullOnce();
  await terminal.sync.pusher.settled();
  await terminal.shutdown();
  say({ settled: true, deviceId });
  process.exit(0);
}

type Summary = { clientId: string; status: string; syncStatus: string; balance: number; total: number; paid: number; serverId: number };

/**
 * What the staff do with an order the terminal shows Blocked: refund the money it holds (paid
 * twice, or for an order deleted or completed elsewhere), payment by payment; once nothing is
 * held, an order completed elsewhere with edits not sent is deleted here to take the server's.
 */
async function settleBlocked(active: Summary[]): Promise<void> {
  const finished = await terminal.dispatch('orders.listFinished', { limit: 30 });
  const blocked = [...active, ...((finished.ok ? finished.value : []) as Summary[])].filter((o) => o.syncStatus === 'Blocked');
  const order = pick(blocked);
  if (!order) return;
  const id = order.clientId;
  if (order.paid === 0) {
    if (order.status !== 'Deleted' && order.status !== 'Done') await run('orders.delete', { orderClientId: id });
    return;
  }
  let held = order.paid;
  for (const payment of terminal.orders.get(id).transactions.filter((t) => t.refundable > 0)) {
    if (held <= 0) break;
    const refunded = await run('payments.refund', { orderClientId: id, txId: payment.txId, amount: Math.min(held, payment.refundable) });
    if (refunded) held = (refunded as { paid: number }).paid;
  }
}

/** What the staff do in the sync panel: Retry an operation it offers Retry for (Failed, or Blocked on what a new attempt could change). */
async function retryStuck(): Promise<void> {
  const listed = await terminal.dispatch('outbox.list', { states: ['failed', 'blocked'], limit: 50 });
  const op = pick(((listed.ok ? listed.value : []) as OutboxOperationView[]).filter((o) => o.retryable));
  if (op && (await run('outbox.retry', { seq: op.seq }))) say({ retried: op.seq, deviceId });
}

for (;;) {
  const listed = await terminal.dispatch('orders.listActive', { limit: 30 });
  const active = (listed.ok ? listed.value : []) as Summary[];
  const order = active.length < 2 || random() < 0.2 ? undefined : pick(active);
  if (random() < 0.1) {
    if (random() < 0.3) await retryStuck();
    else await settleBlocked(active);
  } else if (!order) {
    const made = await run('orders.create', { lines: [{ sku: 'A1', name: 'Coffee', qty: 1 + Math.floor(random() * 3), unitPrice: 250 }] });
    if (made) say({ made: (made as { clientId: string }).clientId, deviceId });
  } else {
    const id = order.clientId;
    const r = random();
    if (order.balance === 0 && order.total > 0 && r < 0.5) {
      const sold = await run('sales.complete', { orderClientId: id });
      if (sold) say({ sale: (sold as { sale: { clientId: string } }).sale.clientId, order: id, deviceId });
    } else if (order.balance > 0 && r < 0.45) {
      const method = random() < 0.5 ? 'cash' : 'card';
      const paid = await run('payments.record', { orderClientId: id, method, amount: order.balance });
      if (paid) {
        const txs = (paid as { transactions: Array<{ txId: string; amount: number }> }).transactions;
        say({ tx: txs.at(-1)!.txId, amount: txs.at(-1)!.amount, order: id, deviceId });
      }
    } else if (order.balance < 0) {
      const view = terminal.orders.get(id);
      const payment = view.transactions.find((t) => t.refundable > 0);
      if (payment) await run('payments.refund', { orderClientId: id, txId: payment.txId, amount: Math.min(-order.balance, payment.refundable) });
    } else if (r < 0.75) {
      await run('orders.addLine', { orderClientId: id, sku: 'B2', name: 'Bun', qty: 1, unitPrice: 120 });
    } else if (r < 0.85) {
      const line = pick(terminal.orders.get(id).lines);
      if (line) await run('orders.updateLine', { orderClientId: id, lineId: line.lineId, qty: 1 + Math.floor(random() * 4) });
    } else if (r < 0.92) {
      await run('orders.setCustomer', { orderClientId: id, customer: { name: `Customer ${Math.floor(random() * 100)}` } });
    } else if (order.paid === 0) {
      await run('orders.delete', { orderClientId: id });
    }
  }
  // Counter pace: a few taps a second per terminal, and room for the sync to run.
  await new Promise((resolve) => setTimeout(resolve, 5 + Math.floor(random() * 25)));
}
