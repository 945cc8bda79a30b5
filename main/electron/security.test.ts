import type { Session, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../host/content-security-policy.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { createFakeElectron, FakeWebContents } from './testing/fake-electron.ts';

const APP_URL = 'app://counter-pos/index.html';
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

function hardenedContents(): FakeWebContents {
  const contents = new FakeWebContents();
  hardenWebContents(contents as unknown as WebContents);
  return contents;
}

function hardenedSession() {
  const { session } = createFakeElectron('');
  hardenSession(session as unknown as Session);
  return session;
}

describe('a page of the app', () => {
  it('is not redirected away from the app (the URL rides on the event itself)', () => {
    const contents = hardenedContents();
    expect(contents.emitDetails('will-redirect', { url: 'https://evil.example/' }).defaultPrevented).toBe(true);
    expect(contents.emitDetails('will-redirect', { url: 'app://counter-pos.evil.example/' }).defaultPrevented).toBe(true);
    expect(contents.emitDetails('will-redirect', { url: APP_URL }).defaultPrevented).toBe(false);
  });

  it('is not navigated away from the app, by the URL on the event, not the deprecated argument', () => {
    const contents = hardenedContents();
    // The positional argument disagrees with the event on purpose: only the event's URL counts.
    expect(contents.emitDetails('will-navigate', { url: 'https://evil.example/' }, APP_URL).defaultPrevented).toBe(true);
    expect(contents.emitDetails('will-redirect', { url: 'https://evil.example/' }, APP_URL).defaultPrevented).toBe(true);
    expect(contents.emitDetails('will-navigate', { url: APP_URL }, 'https://evil.example/').defaultPrevented).toBe(false);
  });

  it('has no frame navigated away from the app (the URL rides on the event itself)', () => {
    const contents = hardenedContents();
    expect(contents.emitDetails('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false }).defaultPrevented).toBe(true);
    expect(contents.emitDetails('will-frame-navigate', { url: 'javascript:alert(1)', isMainFrame: true }).defaultPrevented).toBe(true);
    expect(contents.emitDetails('will-frame-navigate', { url: APP_URL, isMainFrame: true }).defaultPrevented).toBe(false);
  });

  it('opens no window and hands nothing to the system, saying what it refused', () => {
    const contents = hardenedContents();
    expect(contents.windowOpenHandler!({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: APP_URL })).toEqual({ action: 'deny' });
    expect(warn).toHaveBeenCalledWith('refused new window to "https://example.com/help"');
  });

  it('logs a refused address escaped and cut short, so a page cannot flood or forge log lines', () => {
    const contents = hardenedContents();
    contents.emitDetails('will-navigate', { url: `https://evil.example/\nrefused nothing${'x'.repeat(5_000)}` });
    const [line] = warn.mock.calls.at(-1) as [string];
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThan(300);
  });
});

describe('the session', () => {
  it('refuses every permission request and check, and every device', () => {
    const session = hardenedSession();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      (session.permissionRequest as unknown as (c: unknown, p: string, cb: (granted: boolean) => void) => void)({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect((session.permissionCheck as unknown as (c: unknown, p: string) => boolean)({}, permission)).toBe(false);
    }
    expect((session.devicePermission as unknown as (details: unknown) => boolean)({ deviceType: 'usb' })).toBe(false);
  });

  it("puts the app's CSP on every response, keeping its other headers", () => {
    const session = hardenedSession();
    const callback = vi.fn();
    const onHeaders = session.headersReceived as unknown as (details: unknown, cb: typeof callback) => void;
    onHeaders({ url: 'app://counter-pos/index.html', responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ['script-src *'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    onHeaders({ url: 'https://example.com/' }, callback);
    expect(callback).toHaveBeenLastCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  it('cancels every download', () => {
    const session = hardenedSession();
    expect(session.emit('will-download').defaultPrevented).toBe(true);
  });
});
