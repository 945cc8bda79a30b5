import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../common/ipc-contract.ts';
import { hashAdminPin } from '../settings/admin-pin.ts';
import { createFakeElectron, delegatingElectron, type FakeElectron } from './testing/fake-electron.ts';

const fake = vi.hoisted(() => ({ current: null as FakeElectron | null }));
vi.mock('electron', () => delegatingElectron(() => fake.current!));

const APP_URL = 'app://counter-pos/index.html';
const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

let userData: string;
let shell: FakeElectron;

async function startApp(env: Record<string, string> = {}, prepare: (shell: FakeElectron) => void = () => {}): Promise<void> {
  vi.resetModules();
  // Port 9 (discard) refuses connections: the sync engine must not reach a real server here.
  for (const [key, value] of Object.entries({ POS_SERVER_URL: 'http://127.0.0.1:9', ...env })) vi.stubEnv(key, value);
  shell = createFakeElectron(userData);
  prepare(shell);
  fake.current = shell;
  await import('./app.ts');
  shell.ready();
  await vi.waitFor(() => expect(shell.windows).toHaveLength(1));
}

function invoke(sender: unknown, name: string, input: unknown = {}) {
  const handler = shell.ipcHandlers.get(IPC_INVOKE_CHANNEL) as (event: unknown, name: unknown, input: unknown) => Promise<unknown>;
  return handler(sender, name, input);
}

async function quit(): Promise<void> {
  const e = shell.appEvents.emit('will-quit');
  expect(e.defaultPrevented).toBe(true);
  await vi.waitFor(() => expect(shell.electron.app.quit).toHaveBeenCalled());
}

beforeEach(async () => {
  userData = await mkdtemp(join(tmpdir(), 'counter-pos-shell-'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(userData, { recursive: true, force: true });
});

describe('the Electron shell (with a stand-in for Electron)', () => {
  it('opens a locked-down counter window on the app origin, with the terminal in userData', async () => {
    await startApp();
    const [win] = shell.windows;
    expect(win!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String((win!.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]preload\.cjs$/);
    expect(win!.webContents.url).toBe(APP_URL);
    expect(existsSync(join(userData, 'terminal', 'terminal.sqlite'))).toBe(true);
    expect(shell.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(shell.electron.app.enableSandbox).toHaveBeenCalled();
    await quit();
  });

  it('accepts commands only from the app page, and forwards terminal events to it', async () => {
    await startApp();
    expect(await invoke(frame('https://evil.example/'), 'orders.listActive')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(frame(APP_URL, { url: APP_URL }), 'orders.listActive')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke({ senderFrame: null }, 'orders.listActive')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(frame(APP_URL), 'orders.listActive')).toEqual({ ok: true, value: [] });
    expect(await invoke(frame(APP_URL), 'orders.create', { currency: 'euro' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const created = (await invoke(frame(APP_URL), 'orders.create', {})) as { ok: true; value: { clientId: string } };
    expect(created.ok).toBe(true);
    const events = shell.windows[0]!.webContents.sent.filter(([channel, name]) => channel === IPC_EVENT_CHANNEL && name === 'order.changed');
    expect(events.at(-1)?.[2]).toMatchObject({ orderClientId: created.value.clientId, status: 'InProgress' });
    await quit();
  });

  it('blocks navigation, new windows and permissions; hands no link to the system browser', async () => {
    await startApp();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const contents = shell.windows[0]!.webContents;
    expect(contents.emitDetails('will-navigate', { url: 'https://example.com/' }).defaultPrevented).toBe(true);
    expect(contents.emitDetails('will-navigate', { url: 'file:///etc/passwd' }).defaultPrevented).toBe(true);
    expect(contents.emitDetails('will-navigate', { url: 'app://counter-pos/index.html' }).defaultPrevented).toBe(false);
    expect(contents.emit('will-attach-webview').defaultPrevented).toBe(true);

    // The renderer has no external links; at a kiosk a browser window would be a way out.
    expect(contents.windowOpenHandler!({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.electron.shell.openExternal).not.toHaveBeenCalled();

    let granted: boolean | undefined;
    (shell.session.permissionRequest as unknown as (c: unknown, p: string, cb: (g: boolean) => void) => void)(contents, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect((shell.session.permissionCheck as unknown as () => boolean)()).toBe(false);
    await quit();
  });

  it('serves the renderer on app:// with the CSP and nothing outside its folder', async () => {
    await startApp();
    const serve = shell.protocolHandlers.get('app')!;
    const outside = await serve(new Request('app://counter-pos/..%2f..%2fpackage.json'));
    expect(outside.status).toBe(404);
    expect(outside.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
    await quit();
  });

  it('runs a kiosk that only the admin PIN can close', async () => {
    await startApp({ POS_MODE: 'kiosk', POS_ADMIN_PIN_HASH: hashAdminPin('482913') });
    const [win] = shell.windows;
    expect(win!.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect((win!.options.webPreferences as { devTools: boolean }).devTools).toBe(false);
    expect(win!.menuRemoved).toBe(true);
    expect(shell.electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(win!.emit('close').defaultPrevented).toBe(true);

    // Ctrl+Shift+I on a Russian layout: the letter is 'Ш', the key is still KeyI.
    const devtools = win!.webContents.emit('before-input-event', { type: 'keyDown', key: 'Ш', code: 'KeyI', control: true, shift: true, alt: false, meta: false });
    expect(devtools.defaultPrevented).toBe(true);
    win!.webContents.emit('devtools-opened');
    expect(win!.webContents.devToolsClosed).toBe(1);

    // The screen asks what the shell offers before showing the way out.
    expect(await invoke(frame(APP_URL), 'shell.capabilities', {})).toEqual({ ok: true, value: { exitKiosk: true, silentPrint: true } });
    expect(await invoke(frame(APP_URL), 'shell.exitKiosk', { pin: 'four' })).toMatchObject({ ok: false, error: { code: 'invalid_input', params: { field: 'pin' } } });

    expect(await invoke(frame(APP_URL), 'shell.exitKiosk', { pin: '000000' })).toEqual({ ok: false, error: { code: 'forbidden', message: 'wrong admin PIN', params: { reason: 'wrong_pin' } } });
    expect(win!.emit('close').defaultPrevented).toBe(true);
    expect(await invoke(frame('https://evil.example/'), 'shell.exitKiosk', { pin: '482913' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(frame(APP_URL), 'shell.exitKiosk', { pin: '482913' })).toEqual({ ok: true, value: null });
    expect(win!.emit('close').defaultPrevented).toBe(false);
    await vi.waitFor(() => expect(shell.electron.app.quit).toHaveBeenCalled());
    shell.appEvents.emit('will-quit');
  });

  it('prints a kiosk receipt silently, without the dialog whose "print to file" would open a file chooser', async () => {
    await startApp({ POS_MODE: 'kiosk', POS_ADMIN_PIN_HASH: hashAdminPin('482913') });
    const contents = shell.windows[0]!.webContents;
    const printed = invoke(frame(APP_URL), 'shell.printReceipt', {});
    await vi.waitFor(() => expect(contents.prints).toHaveLength(1));
    expect(contents.prints[0]!.options).toEqual({ silent: true, printBackground: false });
    contents.prints[0]!.done(true, '');
    expect(await printed).toEqual({ ok: true, value: null });

    vi.spyOn(console, 'error').mockImplementation(() => {});
    const jammed = invoke(frame(APP_URL), 'shell.printReceipt', {});
    await vi.waitFor(() => expect(contents.prints).toHaveLength(2));
    contents.prints[1]!.done(false, 'Print job failed');
    expect(await jammed).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('Print job failed') } });

    expect(await invoke(frame('https://evil.example/'), 'shell.printReceipt', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke(frame(APP_URL), 'shell.printReceipt', { copies: 100 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(contents.prints).toHaveLength(2);
    await quit();
  });

  it('offers no silent printing and no kiosk exit at the counter: the screen uses the print dialog, and the window closes as any', async () => {
    await startApp();
    expect(await invoke(frame(APP_URL), 'shell.capabilities', {})).toEqual({ ok: true, value: { exitKiosk: false, silentPrint: false } });
    expect(await invoke(frame(APP_URL), 'shell.exitKiosk', { pin: '482913' })).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await invoke(frame(APP_URL), 'shell.printReceipt', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(shell.windows[0]!.webContents.prints).toHaveLength(0);
    await quit();
  });

  it.each([['remote-debugging-port'], ['remote-debugging-pipe'], ['no-sandbox']])('refuses to start packaged with --%s, saying why', async (name) => {
    vi.resetModules();
    shell = createFakeElectron(userData);
    fake.current = shell;
    shell.electron.app.isPackaged = true;
    shell.switches.add(name);
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await import('./app.ts');
    expect(shell.electron.app.exit).toHaveBeenCalledWith(1);
    expect(String(error.mock.calls[0]?.[1])).toContain(`--${name}`);
    expect(shell.electron.app.requestSingleInstanceLock).not.toHaveBeenCalled();
    shell.ready();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shell.windows).toHaveLength(0);
  });

  it('refuses to start packaged with a Node --inspect flag in its arguments', async () => {
    vi.resetModules();
    shell = createFakeElectron(userData);
    fake.current = shell;
    shell.electron.app.isPackaged = true;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const argv = process.argv;
    process.argv = ['/opt/counter-pos/counter-pos', '--inspect-brk=0.0.0.0:9229'];
    try {
      await import('./app.ts');
    } finally {
      process.argv = argv;
    }
    expect(shell.electron.app.exit).toHaveBeenCalledWith(1);
    expect(shell.electron.dialog.showErrorBox).toHaveBeenCalledWith('Counter POS refuses to start', expect.stringContaining('--inspect-brk'));
  });

  it('starts in development with the switches Playwright starts Electron with', async () => {
    await startApp({}, (fresh) => {
      for (const name of ['remote-debugging-port', 'inspect']) fresh.switches.add(name);
    });
    expect(shell.electron.app.exit).not.toHaveBeenCalled();
    await quit();
  });

  it('refuses to start packaged without a device token, naming where to set it; starts packaged with one', async () => {
    vi.resetModules();
    shell = createFakeElectron(userData);
    fake.current = shell;
    shell.electron.app.isPackaged = true;
    vi.stubEnv('POS_SERVER_URL', 'http://127.0.0.1:9');
    vi.stubEnv('POS_DEVICE_TOKEN', '');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await import('./app.ts');
    shell.ready();
    await vi.waitFor(() => expect(shell.electron.app.exit).toHaveBeenCalledWith(1));
    expect(shell.electron.dialog.showErrorBox).toHaveBeenCalledWith('Counter POS cannot start', expect.stringMatching(/POS_DEVICE_TOKEN.*deviceToken/));
    expect(shell.windows).toHaveLength(0);
    expect(existsSync(join(userData, 'terminal', 'terminal.sqlite'))).toBe(false);

    await startApp({ POS_DEVICE_TOKEN: 'store-issued-token' }, (fresh) => (fresh.electron.app.isPackaged = true));
    expect(shell.electron.app.exit).not.toHaveBeenCalled();
    await quit();
  });

  it('refuses to start on a bad settings file, naming the field', async () => {
    await writeFile(join(userData, 'config.json'), JSON.stringify({ serverUrl: 'not a url', mode: 'kiosk' }));
    vi.resetModules();
    shell = createFakeElectron(userData);
    fake.current = shell;
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await import('./app.ts');
    shell.ready();
    await vi.waitFor(() => expect(shell.electron.app.exit).toHaveBeenCalledWith(1));
    const [, message] = shell.electron.dialog.showErrorBox.mock.calls[0] as unknown as [string, string];
    expect(message).toContain('serverUrl');
    expect(message).toContain('adminPinHash');
    expect(shell.windows).toHaveLength(0);
  });
});
