import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEV_DEVICE_TOKENS } from './config.ts';

/**
 * A quick throughput check of the reference server: `node server/throughput.ts [--requests 5000]
 * [--connections 32] [--durability normal|full]`. Starts `server/cli.ts` on a fresh database file
 * in its own process and sends `POST /v2/orders` over keep-alive connections (node:http),
 * then prints requests per second and the statuses seen.
 */
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    connections: { type: 'string', default: '32' },
    durability: { type: 'string', default: 'normal' },
  },
});
const total = Number(values.requests);
const connections = Number(values.connections);
const token = DEV_DEVICE_TOKENS['till-1'];

const dir = mkdtempSync(join(tmpdir(), 'counter-pos-throughput-'));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const server = spawn(process.execPath, [cli, '--db', join(dir, 'server.sqlite'), '--durability', values.durability], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = new URL(
  await new Promise<string>((resolve) =>
    createInterface({ input: server.stdout }).once('line', (line) => resolve(line.replace(/^.* on /, ''))),
  ),
);

const agent = new Agent({ keepAlive: true, maxSockets: connections });

function post(body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/v2/orders',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'idempotency-key': crypto.randomUUID(),
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const order = () => ({
  clientId: crypto.randomUUID(),
  currency: 'EUR',
  lines: [
    { lineId: crypto.randomUUID(), sku: 'A1', name: 'Coffee', qty: 2, unitPrice: 250, discount: 0 },
    { lineId: crypto.randomUUID(), sku: 'B1', name: 'Croissant', qty: 1, unitPrice: 230, discount: 0 },
  ],
  total: 730,
  customer: { name: 'Ann', phone: null },
});

const statuses: Record<number, number> = {};
let sent = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (sent < total) {
      sent++;
      const status = await post(order());
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
console.log(
  `${total} POST /v2/orders over ${connections} keep-alive connections (durability ${values.durability}): ` +
    `${seconds.toFixed(2)} s, ${Math.round(total / seconds)} requests/s, statuses ${JSON.stringify(statuses)}`,
);

agent.destroy();
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
rmSync(dir, { recursive: true, force: true });
