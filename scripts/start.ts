import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lockDataFolder } from '../db/instance-lock.ts';
import { loadShellConfig, lockedByEnvironment, terminalSettings } from '../main/electron/shell-config.ts';
import { startBrowserHost } from '../main/host/browser-host.ts';
import { AdminPinGate } from '../main/settings/admin-pin.ts';
import { createTerminal } from '../main/terminal.ts';
import { createServer } from '../server/app.ts';
import { buildAll, buildRenderer } from './build.ts';
import { findElectronBinary } from './electron-binary.ts';

/**
 * `npm start`: the desktop app where an Electron binary exists; otherwise the same terminal
 * services headless, with the renderer in any browser through the browser host.
 */

const path = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

async function startElectron(binary: string): Promise<void> {
  await buildAll();
  const child = spawn(binary, [path('build/main/app.js')], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** Without POS_SERVER_URL, a demo backend: the reference server on this machine, its data in .data/. */
async function demoServer(): Promise<{ url: string; close(): Promise<void> } | undefined> {
  if (process.env.POS_SERVER_URL) return undefined;
  mkdirSync(path('.data'), { recursive: true });
  const options = { db: path('.data/server.sqlite'), host: '127.0.0.1' };
  try {
    return await createServer({ ...options, port: 8080 });
  } catch {
    return await createServer({ ...options, port: 0 }); // 8080 is taken: any free port
  }
}

async function startHeadless(): Promise<void> {
  // The same POS_* variables as the desktop app (mode, admin PIN hash, name, currency), checked the same way, first.
  const shell = loadShellConfig(path('.data'), process.env);
  const port = Number(process.env.POS_PORT ?? 5174);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`POS_PORT must be a port number, not ${process.env.POS_PORT}`);
  // A second `npm start` on this folder stops here, before it starts a demo backend of its own
  // (the terminal takes the lock for good below).
  mkdirSync(path('.data/terminal'), { recursive: true });
  lockDataFolder(path('.data/terminal')).release();
  if (!existsSync(path('build/renderer/index.html'))) await buildRenderer();
  const server = await demoServer();
  if (server) console.log(`Demo backend (the reference server) at ${server.url}, data in .data/server.sqlite; set POS_SERVER_URL to use another.`);
  const terminal = createTerminal(
    { ...terminalSettings(shell), dataDir: path('.data/terminal'), serverUrl: server?.url ?? shell.serverUrl },
    {
      sync: { autoStart: true },
      mode: shell.mode,
      adminPin: shell.adminPinHash ? new AdminPinGate(shell.adminPinHash) : null,
      // The backend is the one this command started or named: the settings screen shows it, fixed.
      lockedSettings: { ...lockedByEnvironment(process.env), serverUrl: server ? 'npm start' : 'POS_SERVER_URL' },
    },
  );
  let host;
  try {
    host = await startBrowserHost({ terminal, port, host: '127.0.0.1', staticDir: path('build/renderer') });
  } catch (error) {
    terminal.close();
    throw error;
  }
  console.log(`Counter POS running headless (no Electron binary here), ${shell.mode} mode. Open ${host.url} in a browser. Data: .data/terminal. Ctrl+C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await host.close();
    await terminal.shutdown();
    await server?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

const binary = findElectronBinary();
try {
  await (binary ? startElectron(binary) : startHeadless());
} catch (error) {
  console.error(`Counter POS cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
