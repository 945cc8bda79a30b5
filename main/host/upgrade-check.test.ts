import { describe, expect, it } from 'vitest';
import { IPC_PROTOCOL, socketProtocols } from '../../common/host-socket.ts';
import { acceptsUpgrade, checkUpgrade, isAllowedHost, makeHostToken, offeredProtocols, presentsToken } from './upgrade-check.ts';

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

describe("the browser host's token", () => {
  const token = makeHostToken();
  const page = { host: '127.0.0.1:5174', origin: 'http://127.0.0.1:5174' };
  const offering = (protocols: string[]) => ({ ...page, 'sec-websocket-protocol': protocols.join(', ') });

  it('is new at each start, 256 random bits in base64url (a valid subprotocol name)', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(makeHostToken()).not.toBe(token);
  });

  it('opens the socket to a page of this host presenting it beside the IPC protocol', () => {
    expect(checkUpgrade(offering(socketProtocols(token)), PORT, token)).toEqual({ ok: true });
    expect(checkUpgrade(offering(socketProtocols(token).reverse()), PORT, token)).toEqual({ ok: true });
  });

  it('refuses 401 an upgrade with the right Host and Origin but no token, another token, or no IPC protocol: any local program can forge an Origin', () => {
    expect(checkUpgrade(page, PORT, token)).toEqual({ ok: false, status: 401 });
    expect(checkUpgrade(offering([IPC_PROTOCOL]), PORT, token)).toEqual({ ok: false, status: 401 });
    expect(checkUpgrade(offering(socketProtocols(makeHostToken())), PORT, token)).toEqual({ ok: false, status: 401 });
    expect(checkUpgrade(offering(socketProtocols(token.slice(0, -1))), PORT, token)).toEqual({ ok: false, status: 401 });
    expect(checkUpgrade(offering(socketProtocols(`${token}x`)), PORT, token)).toEqual({ ok: false, status: 401 });
    expect(checkUpgrade(offering([socketProtocols(token)[1]!]), PORT, token)).toEqual({ ok: false, status: 401 });
  });

  it('still refuses 403 a foreign page or name, token or not', () => {
    expect(checkUpgrade({ ...offering(socketProtocols(token)), origin: 'http://evil.example' }, PORT, token)).toEqual({ ok: false, status: 403 });
    expect(checkUpgrade({ ...offering(socketProtocols(token)), origin: undefined }, PORT, token)).toEqual({ ok: false, status: 403 });
    expect(checkUpgrade({ 'sec-websocket-protocol': socketProtocols(token).join(','), host: 'evil.example:5174', origin: 'http://evil.example:5174' }, PORT, token)).toEqual({ ok: false, status: 403 });
  });

  it('reads the offered subprotocols as the header lists them', () => {
    expect(offeredProtocols(' a ,b,, c')).toEqual(['a', 'b', 'c']);
    expect(offeredProtocols(undefined)).toEqual([]);
    expect(presentsToken(['counter-pos.token.'], token)).toBe(false);
    expect(presentsToken([], token)).toBe(false);
  });
});
