/**
 * A child process doing a stream of counter work, for the crash test. Before each command it
 * prints `{"intent":n,"order":id}`; after the command returned (committed) it prints
 * `{"ack":n,"order":id,"view":…}`. The parent kills it with SIGKILL at random moments.
 * Usage: node main/crash/counter-worker.ts <dataDir> <seed>
 */
import { writeSync } from 'node:fs';
import { seededRandom } from '../testing/seeded-random.ts';
import type { CommandInput, CommandName } from '../../common/ipc-contract.ts';
import { createTerminal } from '../terminal.ts';
import { evidenceOf } from './evidence.ts';

const [dataDir, seedArg] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: counter-worker.ts <dataDir> <seed>');
const random = seededRandom(Number(seedArg ?? 1));
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];

// Never outlive a parent that failed to kill us.
setTimeout(() => process.exit(3), 30_000).unref();
const terminal = createTerminal({ dataDir, serverUrl: 'http://127.0.0.1:9', deviceId: 'till-1', driverTimeoutMs: 1000 });
let n = 0;
const say = (line: object) => writeSync(1, `${JSON.stringify(line)}\n`);

async function run<K extends CommandName>(name: K, input: CommandInput<K>, order: string | null) {
  const id = ++n;
  say({ intent: id, cmd: name, order });
  const result = await terminal.dispatch(name, input);
  if (result.ok) {
    const view = result.value as { clientId?: string };
    const clientId = view.clientId ?? order;
    say({ ack: id, cmd: name, order: clientId, evidence: clientId ? evidenceOf(terminal, clientId) : null });
    return result.value;
  }
  say({ refused: id, cmd: name, order, error: result.error });
  return undefined;
}

// Charges cut off by an earlier kill are reconciled first (the simulator has no record: declined).
for (const row of terminal.ctx.sqlite.prepare<[], { attempt_id: string }>(`select attempt_id from payment_attempts where state = 'unknown'`).all()) {
  await run('payments.reconcile', { attemptId: row.attempt_id }, null);
}

for (;;) {
  const active = (await terminal.dispatch('orders.listActive', { limit: 20 })) as { ok: true; value: Array<{ clientId: string; balance: number; total: number; paid: number }> };
  const order = active.value.length < 3 || random() < 0.15 ? undefined : pick(active.value);
  if (!order) {
    await run('orders.create', { lines: [{ sku: 'A1', name: 'Coffee', qty: 1 + Math.floor(random() * 3), unitPrice: 250 }] }, null);
    continue;
  }
  const id = order.clientId;
  const r = random();
  if (order.balance === 0 && order.total > 0 && r < 0.5) {
    await run('sales.complete', { orderClientId: id }, id);
  } else if (order.balance > 0 && r < 0.45) {
    const amount = Math.max(1, Math.min(order.balance, Math.ceil(order.balance * random())));
    if (random() < 0.5) await run('payments.record', { orderClientId: id, method: 'cash', amount, tendered: amount + 500 }, id);
    else await run('payments.record', { orderClientId: id, method: 'card', amount }, id);
  } else if (order.balance < 0) {
    const view = terminal.orders.get(id);
    const payment = view.transactions.find((t) => t.amount > 0);
    if (payment) await run('payments.refund', { orderClientId: id, txId: payment.txId, amount: Math.min(-order.balance, payment.amount) }, id);
  } else if (r < 0.7) {
    await run('orders.addLine', { orderClientId: id, sku: 'B2', name: 'Bun', qty: 1, unitPrice: 120 }, id);
  } else if (r < 0.8) {
    const view = terminal.orders.get(id);
    const line = pick(view.lines);
    if (line) await run('orders.updateLine', { orderClientId: id, lineId: line.lineId, qty: 1 + Math.floor(random() * 4) }, id);
  } else if (r < 0.87) {
    const view = terminal.orders.get(id);
    const line = pick(view.lines);
    if (line && view.lines.length > 1) await run('orders.removeLine', { orderClientId: id, lineId: line.lineId }, id);
  } else if (r < 0.93) {
    await run('orders.setCustomer', { orderClientId: id, customer: { name: `Customer ${Math.floor(random() * 100)}` } }, id);
  } else if (order.paid === 0) {
    await run('orders.delete', { orderClientId: id }, id);
  } else {
    const view = terminal.orders.get(id);
    const payment = view.transactions.find((t) => t.amount > 0);
    if (payment) await run('payments.refund', { orderClientId: id, txId: payment.txId, amount: payment.amount }, id);
  }
}
