import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockDataFolder } from '../db/instance-lock.ts';
import { DEFAULT_SERVER_URL, loadShellConfig, lockedByEnvironment, serverUrlSource, terminalSettings } from '../main/electron/shell-config.ts';
import { startBrowserHost } from '../main/host/browser-host.ts';
import { SimulatedPaymentDriver } from '../main/payments/driver-simulator.ts';
import { AdminPinGate } from '../main/settings/admin-pin.ts';
import { createTerminal, deviceTokenOf } from '../main/terminal.ts';
import { createServer } from '../server/app.ts';
import { ErrorBody } from '../common/backend-api.ts';
import { SettingsView } from '../common/settings.ts';
import { buildAll, buildRenderer } from './build.ts';
import { findElectronBinary } from './electron-binary.ts';

/**
 * `npm start`: the desktop app where an Electron binary exists; otherwise the same terminal
 * services headless, with the renderer in any browser through the browser host.
 */

const path = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

/**
 * The headless app's data folder, as Electron's user-data folder is the desktop app's:
 * config.json, the terminal's database (terminal/) and the demo backend's (server.sqlite).
 * POS_USER_DATA_DIR moves it, as it does the desktop app's.
 */
const userData = resolve(process.env.POS_USER_DATA_DIR || path('.data'));
const terminalDir = join(userData, 'terminal');
const demoDb = join(userData, 'server.sqlite');

/** The renderer's sources: what its build in build/renderer is made from. */
const RENDERER_SOURCES = ['renderer', 'common', 'vite.config.mts', 'package-lock.json'];

/** Whether build/renderer is missing, or older than a source file (an edit since the last build). */
function rendererStale(): boolean {
  const built = path('build/renderer/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return RENDERER_SOURCES.some((source) => {
    const root = path(source);
    if (!existsSync(root)) return false;
    if (!statSync(root).isDirectory()) return statSync(root).mtimeMs > builtAt;
    return readdirSync(root, { recursive: true, withFileTypes: true }).some((entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > builtAt);
  });
}

async function startElectron(binary: string): Promise<void> {
  await buildAll();
  const child = spawn(binary, [path('build/main/app.js')], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * Whether a Counter POS backend answers at `url`: its health check passes for this device, or it
 * refuses it in the contract's words (a device it does not know: the sync panel then says so).
 */
async function backendAnswers(url: string, deviceToken: string): Promise<boolean> {
  try {
    const answer = await fetch(`${url}/v2/health`, { headers: { authorization: `Bearer ${deviceToken}` }, signal: AbortSignal.timeout(2000) });
    if (answer.ok) return true;
    return ErrorBody.safeParse(JSON.parse(await answer.text())).success;
  } catch {
    return false;
  }
}

/**
 * The backend when none is named: a Counter POS backend already answering on 127.0.0.1:8080 (one
 * started by hand with `npm run server -- --port 8080`), or else a demo backend, the reference
 * server with its data in the data folder, on 8080 or, when something else holds 8080, on any
 * free port (said). `server` is set when this command started it.
 */
async function defaultBackend(deviceToken: string): Promise<{ url: string; server?: { close(): Promise<void> } }> {
  if (await backendAnswers(DEFAULT_SERVER_URL, deviceToken)) {
    console.log(`A Counter POS backend answers at ${DEFAULT_SERVER_URL}: using it.`);
    return { url: DEFAULT_SERVER_URL };
  }
  mkdirSync(userData, { recursive: true });
  const options = { db: demoDb, host: '127.0.0.1' };
  let server;
  try {
    server = await createServer({ ...options, port: Number(new URL(DEFAULT_SERVER_URL).port) });
  } catch {
    server = await createServer({ ...options, port: 0 });
    console.log(`Port 8080 is taken by something else, so the demo backend listens on ${server.url} instead.`);
  }
  console.log(`Demo backend (the reference server) at ${server.url}, data in ${demoDb}; set POS_SERVER_URL (or serverUrl in ${join(userData, 'config.json')}) to use another.`);
  return { url: server.url, server };
}

async function startHeadless(): Promise<void> {
  // The same POS_* variables as the desktop app (mode, admin PIN hash, name, currency), checked the same way, first.
  const shell = loadShellConfig(userData, process.env);
  const port = Number(process.env.POS_PORT ?? 5174);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`POS_PORT must be a port number, not ${process.env.POS_PORT}`);
  // A second `npm start` on this folder stops here, before it starts a demo backend of its own
  // (the terminal takes the lock for good below).
  mkdirSync(terminalDir, { recursive: true });
  lockDataFolder(terminalDir).release();
  if (rendererStale()) await buildRenderer();
  // Without a server address from POS_SERVER_URL or config.json, a demo backend.
  const named = serverUrlSource(userData, process.env);
  const fallback = named === null ? await defaultBackend(deviceTokenOf(shell)) : undefined;
  const server = fallback?.server;
  const terminal = createTerminal(
    { ...terminalSettings(shell), dataDir: terminalDir, serverUrl: fallback?.url ?? shell.serverUrl },
    {
      sync: { autoStart: true },
      mode: shell.mode,
      adminPin: shell.adminPinHash ? new AdminPinGate(shell.adminPinHash) : null,
      // The demo card terminal: an amount ending in 13 is declined, in 14 never answered (README).
      paymentDriver: new SimulatedPaymentDriver({ byAmount: true }),
      // A demo backend this command started is the one: the settings screen shows it, fixed (as
      // it does one POS_SERVER_URL names); one from config.json stays editable there.
      lockedSettings: { ...lockedByEnvironment(process.env), ...(fallback ? { serverUrl: 'npm start' } : {}) },
    },
  );
  let host;
  try {
    host = await startBrowserHost({ terminal, port, host: '127.0.0.1', staticDir: path('build/renderer') });
  } catch (error) {
    terminal.close();
    throw error;
  }
  if (named !== null) {
    // What the terminal uses: a server address saved at the settings screen stands over config.json's.
    const settings = await terminal.dispatch('settings.get', {});
    const url = settings.ok ? SettingsView.parse(settings.value).serverUrl : shell.serverUrl;
    console.log(url === shell.serverUrl ? `Backend: ${url} (from ${named}).` : `Backend: ${url} (saved at the settings screen, over ${named}'s ${shell.serverUrl}).`);
  }
  // The address carries this start's token (main/host/upgrade-check.ts): only who sees this line can drive the till.
  console.log(`Counter POS running headless (no Electron binary here), ${shell.mode} mode. Open ${host.appUrl} in a browser. Data: ${terminalDir}. Ctrl+C to stop.`);

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
