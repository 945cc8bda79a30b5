import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, delegatingElectron, type FakeElectron } from './testing/fake-electron.ts';

const fake = vi.hoisted(() => ({ current: null as FakeElectron | null }));
vi.mock('electron', () => delegatingElectron(() => fake.current!));

const APP_URL = 'app://counter-pos/index.html';
const { createCounterWindow, createKioskWindow } = await import('./windows.ts');
const { HUNG_RENDERER_MS } = await import('./recovery.ts');

let shell: FakeElectron;
const setup = { preload: '/preload.cjs', devTools: false };

/** A kiosk window whose page the test has just seen vanish (so a reload shows as the URL coming back). */
function kioskWithBlankPage() {
  createKioskWindow(setup, () => false);
  const fakeWin = shell.windows.at(-1)!;
  fakeWin.webContents.url = 'about:blank';
  return fakeWin;
}

beforeEach(() => {
  shell = createFakeElectron('');
  fake.current = shell;
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a crashed or failed page', () => {
  it('is reloaded after a second, and never given up on: the waits double up to a minute', () => {
    const win = kioskWithBlankPage();
    const waits: number[] = [];
    for (let crash = 0; crash < 10; crash++) {
      win.webContents.url = 'about:blank';
      win.webContents.emit('render-process-gone', { reason: 'crashed', exitCode: 139 });
      let waited = 0;
      while (win.webContents.url !== APP_URL) {
        vi.advanceTimersByTime(1_000);
        waited += 1_000;
        expect(waited).toBeLessThanOrEqual(60_000);
      }
      waits.push(waited);
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('starts again from a second once the page has stayed up a while', () => {
    const win = kioskWithBlankPage();
    for (let crash = 0; crash < 3; crash++) {
      win.webContents.emit('render-process-gone', { reason: 'oom', exitCode: 1 });
      vi.advanceTimersByTime(60_000);
    }
    vi.advanceTimersByTime(10 * 60_000);
    win.webContents.url = 'about:blank';
    win.webContents.emit('render-process-gone', { reason: 'crashed', exitCode: 139 });
    vi.advanceTimersByTime(1_000);
    expect(win.webContents.url).toBe(APP_URL);
  });

  it('reloads once for a crash and a failed load together, and not at all after a clean exit or a closed window', () => {
    const win = kioskWithBlankPage();
    const loads = vi.spyOn(win, 'loadURL');
    win.webContents.emit('render-process-gone', { reason: 'crashed', exitCode: 139 });
    win.webContents.emit('did-fail-load', -6, 'ERR_FILE_NOT_FOUND', APP_URL, true);
    vi.advanceTimersByTime(60_000);
    expect(loads).toHaveBeenCalledTimes(1);

    win.webContents.emit('render-process-gone', { reason: 'clean-exit', exitCode: 0 });
    vi.advanceTimersByTime(60_000);
    expect(loads).toHaveBeenCalledTimes(1);

    win.webContents.emit('render-process-gone', { reason: 'crashed', exitCode: 139 });
    win.destroyed = true;
    win.emit('closed');
    vi.advanceTimersByTime(60_000);
    expect(loads).toHaveBeenCalledTimes(1);
  });

  it("reloads when the app's own page fails to load, not for a frame, an aborted load or another address", () => {
    const win = kioskWithBlankPage();
    win.webContents.emit('did-fail-load', -3, 'ERR_ABORTED', APP_URL, true);
    win.webContents.emit('did-fail-load', -6, 'ERR_FILE_NOT_FOUND', APP_URL, false);
    win.webContents.emit('did-fail-load', -105, 'ERR_NAME_NOT_RESOLVED', 'https://example.com/', true);
    vi.advanceTimersByTime(60_000);
    expect(win.webContents.url).toBe('about:blank');

    win.webContents.emit('did-fail-load', -6, 'ERR_FILE_NOT_FOUND', APP_URL, true);
    vi.advanceTimersByTime(1_000);
    expect(win.webContents.url).toBe(APP_URL);
  });

  it('is recovered in the counter window too', () => {
    createCounterWindow(setup);
    const win = shell.windows[0]!;
    win.webContents.url = 'about:blank';
    win.webContents.emit('render-process-gone', { reason: 'crashed', exitCode: 139 });
    vi.advanceTimersByTime(1_000);
    expect(win.webContents.url).toBe(APP_URL);
  });
});

describe('a hung page', () => {
  it(`has its renderer killed after ${HUNG_RENDERER_MS / 1000} s, so that the crash recovery reloads it`, () => {
    const win = kioskWithBlankPage();
    win.emit('unresponsive');
    vi.advanceTimersByTime(HUNG_RENDERER_MS - 1);
    expect(win.webContents.crashedByShell).toBe(0);
    win.emit('unresponsive'); // repeated while hung: the first one's clock keeps running
    vi.advanceTimersByTime(1);
    expect(win.webContents.crashedByShell).toBe(1);
  });

  it('is left alone when it answers again in time', () => {
    const win = kioskWithBlankPage();
    win.emit('unresponsive');
    vi.advanceTimersByTime(HUNG_RENDERER_MS - 1);
    win.emit('responsive');
    vi.advanceTimersByTime(HUNG_RENDERER_MS * 3);
    expect(win.webContents.crashedByShell).toBe(0);
  });

  it('is not killed after its renderer already went away, or its window closed', () => {
    const win = kioskWithBlankPage();
    win.emit('unresponsive');
    win.webContents.emit('render-process-gone', { reason: 'crashed', exitCode: 139 });
    vi.advanceTimersByTime(HUNG_RENDERER_MS);
    expect(win.webContents.crashedByShell).toBe(0);

    win.emit('unresponsive');
    win.destroyed = true;
    win.emit('closed');
    vi.advanceTimersByTime(HUNG_RENDERER_MS);
    expect(win.webContents.crashedByShell).toBe(0);
  });
});
