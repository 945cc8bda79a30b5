import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startBrowserHost } from '../main/host/browser-host.ts';
import { createTerminal } from '../main/terminal.ts';
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

async function startHeadless(): Promise<void> {
  if (!existsSync(path('build/renderer/index.html'))) await buildRenderer();
  const port = Number(process.env.POS_PORT ?? 5174);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`POS_PORT must be a port number, not ${process.env.POS_PORT}`);
  const terminal = createTerminal({
    dataDir: path('.data/terminal'),
    serverUrl: process.env.POS_SERVER_URL ?? 'http://127.0.0.1:8080',
    deviceId: 'till-1',
  }, { sync: { autoStart: true } });
  let host;
  try {
    host = await startBrowserHost({ terminal, port, host: '127.0.0.1', staticDir: path('build/renderer') });
  } catch (error) {
    terminal.close();
    throw error;
  }
  console.log(`Counter POS running headless (no Electron binary here). Open ${host.url} in a browser. Data: .data/terminal. Ctrl+C to stop.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await host.close();
    await terminal.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

const binary = findElectronBinary();
await (binary ? startElectron(binary) : startHeadless());
