import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IPC_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../common/host-socket.ts';

/**
 * Who may reach the browser host. It drives the till, so:
 * - every request must name this host by a loopback name and our port, or a DNS-rebinding page
 *   (evil.example resolving to 127.0.0.1) could reach it under its own name;
 * - the IPC WebSocket must come from a page this host served (browsers send the page's Origin;
 *   WebSockets are not bound by the same-origin policy, so the host has to check it itself);
 * - and must present the token of this start (common/host-socket.ts): any program on the machine
 *   can forge an Origin header, but only whoever was given the printed address has the token.
 */

/** A fresh token for one start of the host: 256 random bits, URL- and subprotocol-safe. */
export function makeHostToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether a request's Host header names this host: 127.0.0.1 or localhost, on our port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Whether a WebSocket upgrade comes from a page of this host: an allowed Host, and that very origin. */
export function acceptsUpgrade(headers: { host?: string | undefined; origin?: string | undefined }, port: number): boolean {
  return isAllowedHost(headers.host, port) && headers.origin === `http://${headers.host}`;
}

/** The subprotocols an upgrade offers (Sec-WebSocket-Protocol, comma-separated). */
export function offeredProtocols(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}

/**
 * Whether the offered subprotocols hold this start's token. Compared in constant time, as
 * SHA-256 digests so that not even the length of a wrong guess shows in the timing.
 */
export function presentsToken(protocols: readonly string[], token: string): boolean {
  const offered = protocols.find((protocol) => protocol.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
  if (offered === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(offered), digest(token));
}

/** An upgrade to the IPC socket, judged: 403 for a foreign page or name, 401 without this start's token. */
export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 };

export function checkUpgrade(
  headers: { host?: string | undefined; origin?: string | undefined; 'sec-websocket-protocol'?: string | undefined },
  port: number,
  token: string,
): UpgradeVerdict {
  if (!acceptsUpgrade(headers, port)) return { ok: false, status: 403 };
  const protocols = offeredProtocols(headers['sec-websocket-protocol']);
  if (!protocols.includes(IPC_PROTOCOL) || !presentsToken(protocols, token)) return { ok: false, status: 401 };
  return { ok: true };
}
