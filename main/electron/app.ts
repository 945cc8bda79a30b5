import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { createTerminal, type Terminal } from '../terminal.ts';
import { AdminPinGate } from '../settings/admin-pin.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { connectTerminal, shellCommand, type ShellCommands } from './ipc-bridge.ts';
import { installMenu } from './menu.ts';
import { printSilently } from './receipt-printing.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { loadShellConfig, lockedByEnvironment, packagedStartRefusal, terminalSettings, type ShellConfig } from './shell-config.ts';
import { refusedSwitches } from './startup-switches.ts';
import { createCounterWindow, createKioskWindow } from './windows.ts';
import { refusal } from '../../common/refusals.ts';

/**
 * The Electron entry (bundled to build/main/app.js): one instance, the terminal's services in
 * this process, the renderer in a sandboxed window talking through the preload's `window.pos`.
 */

/** How long quitting waits for requests in flight before closing anyway (they are resent by key). */
const SHUTDOWN_GRACE_MS = 3_000;

const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'preload.cjs');

// Tests and side-by-side installs point the app at another data folder.
if (process.env.POS_USER_DATA_DIR) app.setPath('userData', resolve(process.env.POS_USER_DATA_DIR));
registerAppScheme();
app.enableSandbox();

// Checked before anything starts; a development run may be driven from outside (Playwright does).
const refused = app.isPackaged ? refusedSwitches((name) => app.commandLine.hasSwitch(name), process.argv) : [];
if (refused.length > 0) {
  const message = `started with ${refused.map((name) => `--${name}`).join(', ')}, which would open the till to a debugger or take it out of the sandbox; start it without`;
  console.error('Counter POS refuses to start:', message);
  dialog.showErrorBox('Counter POS refuses to start', message);
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let terminal: Terminal | null = null;
  let disconnect: (() => void) | null = null;
  let exitAllowed = false;

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  // Let the sync engine record the answers in flight (bounded), then quit for real.
  app.on('will-quit', (event) => {
    const closing = terminal;
    if (!closing) return;
    event.preventDefault();
    terminal = null;
    disconnect?.();
    const giveUp = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    void Promise.race([closing.shutdown(), giveUp])
      .catch((error: unknown) => console.error('terminal shutdown failed:', error))
      .finally(() => {
        closing.close();
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      const userData = app.getPath('userData');
      const config: ShellConfig = loadShellConfig(userData, process.env);
      const refusedConfig = packagedStartRefusal(config, app.isPackaged);
      if (refusedConfig) throw new Error(refusedConfig);
      // One gate for the kiosk's exit and the settings: wrong guesses at either count together.
      const gate = config.adminPinHash ? new AdminPinGate(config.adminPinHash) : null;
      terminal = createTerminal(
        { ...terminalSettings(config), dataDir: join(userData, 'terminal') },
        { sync: { autoStart: true }, lockedSettings: lockedByEnvironment(process.env), adminPin: gate, mode: config.mode },
      );
      const devTools = !app.isPackaged && config.mode === 'counter';
      hardenSession(session.defaultSession);
      serveRenderer(rendererDir);
      installMenu(config.mode, devTools);

      // A kiosk's own commands (common/shell-commands.ts): the only way out of kiosk mode, and
      // receipts printed without the dialog. A counter has a window to close and a dialog to use.
      const kiosk = config.mode === 'kiosk';
      const shellCommands: ShellCommands = {
        'shell.capabilities': shellCommand('shell.capabilities', () => ({ ok: true, value: { exitKiosk: kiosk, silentPrint: kiosk } })),
      };
      if (kiosk) {
        shellCommands['shell.exitKiosk'] = shellCommand('shell.exitKiosk', ({ pin }) => {
          const verdict = gate ? gate.check(pin) : { ok: false as const, message: 'no admin PIN is configured', params: { reason: 'no_pin' as const } };
          if (!verdict.ok) return { ok: false, error: refusal('forbidden', verdict.message, verdict.params) };
          exitAllowed = true;
          setImmediate(() => app.quit());
          return { ok: true, value: null };
        });
        shellCommands['shell.printReceipt'] = shellCommand('shell.printReceipt', async () => {
          if (!window || window.isDestroyed()) return { ok: false, error: refusal('internal', 'there is no window to print') };
          return printSilently(window.webContents);
        });
      }
      disconnect = connectTerminal(terminal, shellCommands);

      const setup = { preload: preloadPath, devTools };
      window = config.mode === 'kiosk' ? createKioskWindow(setup, () => exitAllowed) : createCounterWindow(setup);
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('Counter POS cannot start:', message);
      dialog.showErrorBox('Counter POS cannot start', message);
      app.exit(1);
    });
}
