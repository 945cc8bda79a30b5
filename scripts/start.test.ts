import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IPC_PROTOCOL, socketProtocols } from '../common/host-socket.ts';
import { createServer } from '../server/app.ts';
import { findElectronBinary } from './electron-binary.ts';

const start = fileURLToPath(new URL('./start.ts', import.meta.url));
const dataDir = fileURLToPath(new URL('../.data', import.meta.url));
const electron = findElectronBinary();
if (electron) console.log(`scripts/start.test.ts: skipped, an Electron binary exists (${electron}) and npm start would open it`);

/** A page's side of the host's IPC socket: sends a command, resolves with its result. */
async function ipcClient(origin: string, token: string) {
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ipc`, socketProtocols(token), { origin });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const waiting = new Map<number, (result: { ok: boolean; value?: unknown; error?: { code: string } }) => void>();
  socket.on('message', (data) => {
    const reply = JSON.parse(String(data)) as { id?: number; result?: never };
    if (reply.id !== undefined) waiting.get(reply.id)?.(reply.result!);
  });
  let next = 0;
  return {
    call: (name: string, input: unknown) => new Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, name, input }));
    }),
    close: () => socket.close(),
  };
}

/** Opens the browser host's IPC socket as its page would (same Origin), offering `protocols`: 'open' or how it was refused. */
function openSocket(origin: string, protocols: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ipc`, protocols, { origin });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    socket.once('error', reject);
  });
}

describe.skipIf(electron !== null)('npm start without Electron (headless)', () => {
  it('refuses bad POS_* settings before starting anything, naming the setting', () => {
    const hadData = existsSync(dataDir);
    for (const [env, message] of [
      [{ POS_MODE: 'kiosk' }, 'adminPinHash: is required in kiosk mode'],
      [{ POS_CURRENCY: 'XYZ' }, 'POS_CURRENCY: is not a currency this terminal knows'],
      [{ POS_PORT: 'eighty' }, 'POS_PORT must be a port number'],
    ] as const) {
      const run = spawnSync(process.execPath, [start], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
      expect(run.status, JSON.stringify(env)).toBe(1);
      expect(run.stderr).toContain(`Counter POS cannot start: `);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    }
    expect(existsSync(dataDir)).toBe(hadData); // no demo backend was started
  });

  it('uses the server address config.json gives, with no demo backend, and keeps its data in POS_USER_DATA_DIR', async () => {
    const backend = await createServer({ testMode: true });
    const userData = mkdtempSync(join(tmpdir(), 'pos-start-'));
    writeFileSync(join(userData, 'config.json'), JSON.stringify({ serverUrl: backend.url, deviceId: 'till-2', deviceToken: backend.tokens['till-2'] }));
    const child = spawn(process.execPath, [start], { env: { ...process.env, POS_USER_DATA_DIR: userData, POS_PORT: '0', POS_SERVER_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not run within 45 s: ${lines.join(' | ')}`)), 45_000);
        createInterface({ input: child.stdout }).on('line', (line) => {
          lines.push(line);
          if (line.startsWith('Counter POS running headless')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before it ran: ${lines.join(' | ')}`)));
      });
      expect(lines).toContain(`Backend: ${backend.url} (from config.json).`);
      expect(lines.join('\n')).not.toContain('Demo backend');
      expect(lines.at(-1)).toContain(`Data: ${join(userData, 'terminal')}.`);
      // The address to open carries this start's token; the IPC socket takes it and nothing less.
      const [, origin, token] = /Open (http:\/\/127\.0\.0\.1:\d+)\/#t=([A-Za-z0-9_-]{43}) in a browser\./.exec(lines.at(-1)!) ?? [];
      expect(token, lines.at(-1)).toBeDefined();
      expect(await openSocket(origin!, socketProtocols(token!))).toBe('open');
      expect(await openSocket(origin!, [IPC_PROTOCOL])).toBe('HTTP 401');
      // Its card terminal is the demo's: an amount ending in 13 is declined, others approved.
      const page = await ipcClient(origin!, token!);
      try {
        const created = await page.call('orders.create', { lines: [{ sku: 'COF-250', name: 'Coffee beans 250 g', qty: 1, unitPrice: 1013 }] });
        const orderClientId = (created.value as { clientId: string }).clientId;
        expect(await page.call('payments.record', { orderClientId, method: 'card', amount: 1013 })).toMatchObject({ ok: false, error: { code: 'payment_declined' } });
        expect(await page.call('payments.record', { orderClientId, method: 'card', amount: 1000 })).toMatchObject({ ok: true, value: { balance: 13 } });
      } finally {
        page.close();
      }
      expect(existsSync(join(userData, 'terminal', 'terminal.sqlite'))).toBe(true);
      expect(existsSync(join(userData, 'server.sqlite'))).toBe(false);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await backend.close();
      rmSync(userData, { recursive: true, force: true });
    }
  }, 60_000);
});
