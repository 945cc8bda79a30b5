import { describe, expect, it } from 'vitest';
import { acceptsUpgrade, isAllowedHost } from './upgrade-check.ts';

const PORT = 5174;

describe('the browser host accepts its IPC WebSocket', () => {
  it('from a page it served, under either loopback name', () => {
    expect(acceptsUpgrade({ host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5174' }, PORT)).toBe(true);
    expect(acceptsUpgrade({ host: 'localhost:5174', origin: 'http://localhost:5174' }, PORT)).toBe(true);
  });

  it('not without an Origin (a script outside any browser page) or with an opaque one', () => {
    expect(acceptsUpgrade({ host: '127.0.0.1:5174' }, PORT)).toBe(false);
    expect(acceptsUpgrade({ host: '127.0.0.1:5174', origin: 'null' }, PORT)).toBe(false);
  });

  it('not from a foreign page, nor another port or scheme of this machine', () => {
    expect(acceptsUpgrade({ host: '127.0.0.1:5174', origin: 'http://evil.example' }, PORT)).toBe(false);
    expect(acceptsUpgrade({ host: '127.0.0.1:5174', origin: 'http://127.0.0.1:8080' }, PORT)).toBe(false);
    expect(acceptsUpgrade({ host: '127.0.0.1:5174', origin: 'https://127.0.0.1:5174' }, PORT)).toBe(false);
    expect(acceptsUpgrade({ host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5174/' }, PORT)).toBe(false);
  });

  it('not when the Origin names the other loopback name than the Host', () => {
    expect(acceptsUpgrade({ host: '127.0.0.1:5174', origin: 'http://localhost:5174' }, PORT)).toBe(false);
    expect(acceptsUpgrade({ host: 'localhost:5174', origin: 'http://127.0.0.1:5174' }, PORT)).toBe(false);
  });

  it('not under a name other than loopback, even with a matching Origin (DNS rebinding)', () => {
    expect(acceptsUpgrade({ host: 'evil.example:5174', origin: 'http://evil.example:5174' }, PORT)).toBe(false);
    expect(acceptsUpgrade({ host: '127.0.0.2:5174', origin: 'http://127.0.0.2:5174' }, PORT)).toBe(false);
    expect(acceptsUpgrade({ host: '127.0.0.1:5175', origin: 'http://127.0.0.1:5175' }, PORT)).toBe(false);
    expect(acceptsUpgrade({ origin: 'http://undefined' }, PORT)).toBe(false);
  });
});

describe('the browser host answers requests', () => {
  it('only under 127.0.0.1 or localhost with its own port', () => {
    expect(isAllowedHost('127.0.0.1:5174', PORT)).toBe(true);
    expect(isAllowedHost('localhost:5174', PORT)).toBe(true);
    expect(isAllowedHost('127.0.0.1', PORT)).toBe(false);
    expect(isAllowedHost('LOCALHOST:5174', PORT)).toBe(false);
    expect(isAllowedHost('[::1]:5174', PORT)).toBe(false);
    expect(isAllowedHost(undefined, PORT)).toBe(false);
  });
});
