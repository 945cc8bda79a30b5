/**
 * Who may reach the browser host. It has no authentication and drives the till, so:
 * - every request must name this host by a loopback name and our port, or a DNS-rebinding page
 *   (evil.example resolving to 127.0.0.1) could reach it under its own name;
 * - the IPC WebSocket must come from a page this host served (browsers send the page's Origin;
 *   WebSockets are not bound by the same-origin policy, so the host has to check it itself).
 */

/** Whether a request's Host header names this host: 127.0.0.1 or localhost, on our port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Whether a WebSocket upgrade comes from a page of this host: an allowed Host, and that very origin. */
export function acceptsUpgrade(headers: { host?: string | undefined; origin?: string | undefined }, port: number): boolean {
  return isAllowedHost(headers.host, port) && headers.origin === `http://${headers.host}`;
}
