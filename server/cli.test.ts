import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clientFor, newOrder, tempDir } from './test-support.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  exit: Promise<number | null>;
  stderr: () => string;
}

/** Spawns the CLI and waits for its start line. */
function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const match = /^counter-pos server listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match?.[1]) resolve({ child, url: match[1], exit, stderr: () => stderr });
      else reject(new Error(`unexpected start line: ${line}`));
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
  });
}

describe('node server/cli.ts', () => {
  it('prints its address, serves, and exits 0 on SIGTERM with the database closed', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'pos.sqlite');
      const server = await start(['--port', '0', '--db', db]);
      const call = clientFor(server.url);
      expect((await call('GET', '/v2/health')).status).toBe(200);
      expect((await call('POST', '/v2/orders', { body: newOrder() })).status).toBe(201);
      expect((await call('GET', '/__test/stats')).status).toBe(404);
      expect(server.stderr()).toContain('synchronous=NORMAL');
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
      // The last connection closed: SQLite checkpointed and removed the WAL.
      expect(existsSync(`${db}-wal`)).toBe(false);
      expect(existsSync(db)).toBe(true);
    } finally {
      cleanup();
    }
  });

  it('exits 0 on SIGINT', async () => {
    const server = await start(['--db', ':memory:']);
    server.child.kill('SIGINT');
    expect(await server.exit).toBe(0);
  });

  it('takes tokens, seeds, durability and a test-mode fault plan', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const catalog = join(dir, 'catalog.json');
      writeFileSync(catalog, JSON.stringify([{ sku: 'K1', name: 'Kiosk snack', price: 100, currency: 'EUR', barcode: null }]));
      const server = await start([
        '--db', ':memory:', '--tokens', 'till-9:secret-token-9', '--seed-catalog', catalog, '--durability', 'full',
        '--test-mode', '--fault-plan', '{"latencyMs":[1,2]}', '--fault-seed', '5',
      ]);
      const call = clientFor(server.url);
      expect((await call('GET', '/v2/health')).status).toBe(401);
      const catalogResponse = await call('GET', '/v2/catalog', { token: 'secret-token-9' });
      expect(catalogResponse.body.products[0].sku).toBe('K1');
      const info = (await call('GET', '/__test/info')).body;
      expect(info).toMatchObject({ devices: ['till-9'], faults: { seed: 5, latencyMs: [1, 2] } });
      expect(info.durability).toContain('synchronous=FULL');
      server.child.kill('SIGTERM');
      expect(await server.exit).toBe(0);
    } finally {
      cleanup();
    }
  });

  it.each([
    [['--port', 'eighty']],
    [['--tokens', 'no-colon']],
    [['--fault-seed', '3']],
    [['--unknown']],
  ])('refuses %j with exit code 2 and a message', async (args) => {
    const child = spawn(process.execPath, [cli, '--db', ':memory:', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/counter-pos server: /);
  });
});
