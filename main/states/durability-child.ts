/**
 * The process durability.test.ts kills: it opens the terminal database and, forever, changes
 * step states (manual and carrier), sweeps and consumes, printing `tick` after each step and
 * `note <order> <history entry>` for each notification event it emits. Never imported by the app.
 *
 *   node main/states/durability-child.ts <database file> <seed>
 */
import { systemClock } from '../clock.ts';
import { OrderService } from '../orders/order-service.ts';
import { openTestContext } from './test-fixtures.ts';
import { StatesService } from './states-service.ts';

const [file, seedArg] = process.argv.slice(2);
if (!file) throw new Error('usage: durability-child.ts <database file> <seed>');

// A small deterministic generator (mulberry32), seeded per run.
let seed = Number(seedArg ?? 1) >>> 0;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const ORDERS = 6;
const CODES = ['dispatched', 'delayed', 'delivered'] as const;

const ctx = openTestContext(file, systemClock);
const orders = new OrderService(ctx, () => 'EUR');
const states = new StatesService(ctx, { timers: false, retry: { partialBaseMs: 5, partialMaxMs: 20 } });
ctx.events.on('notification', (n) => process.stdout.write(`note ${n.orderClientId} ${n.id}\n`));

// Orders made before a kill stay; a run tops them up (each order is its own transaction).
const existing = ctx.sqlite.prepare(`select count(*) as n from orders`).get() as { n: number };
for (let i = existing.n; i < ORDERS; i++) {
  const order = orders.create({ customer: { name: `Customer ${i}` } });
  const shipments = Array.from({ length: 1 + (i % 4) }, (_, k) => ({ carrier: 'Correos', trackingNo: `T${i}-${k}` }));
  orders.setDelivery({ orderClientId: order.clientId, delivery: { address: `Street ${i}`, shipments } });
}
const shipmentIds = (ctx.sqlite.prepare(`select shipment_id from shipments order by shipment_id`).all() as { shipment_id: string }[]).map(
  (r) => r.shipment_id,
);
const stepStateIds = () => (ctx.sqlite.prepare(`select id from step_states`).all() as { id: string }[]).map((r) => r.id);

let serial = 0;
for (;;) {
  const roll = random();
  if (roll < 0.35) {
    // Notices arrive in time order (the system clock); manual ones go through the outbox too.
    const shipmentId = pick(shipmentIds);
    const code = pick(CODES);
    if (random() < 0.5) states.stepStates.add({ shipmentId, code, at: new Date().toISOString() });
    else states.applyServerStepState({ id: `srv-${process.pid}-${serial++}`, shipmentId, code, at: new Date().toISOString() });
  } else if (roll < 0.5) {
    const ids = stepStateIds();
    if (ids.length > 0) {
      const id = pick(ids);
      if (random() < 0.5) states.stepStates.remove({ stepStateId: id });
      else states.removeServerStepState(id);
    }
  } else if (roll < 0.75) {
    states.sweep();
  } else {
    states.runDue({ batchSize: 1 + Math.floor(random() * 6) });
  }
  process.stdout.write('tick\n');
}
