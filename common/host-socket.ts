/**
 * How a page or tool opens the browser host's IPC WebSocket (main/host), shared by the host and
 * the renderer's bridge. The host makes a random token at each start and gives it out only in
 * the address it prints, as the fragment `#t=<token>` (a fragment never reaches a server, so no
 * request log holds it). A client presents it as a WebSocket subprotocol beside `IPC_PROTOCOL`;
 * the host answers with `IPC_PROTOCOL` only, never echoing the token. A subprotocol rather than a
 * query parameter: it stays out of the request line, which proxies and logs record, and out of
 * the browser's history.
 */

/** Path of the WebSocket carrying the IPC contract. */
export const IPC_SOCKET_PATH = '/ipc';

/** The subprotocol the host's IPC socket speaks, and answers with. */
export const IPC_PROTOCOL = 'counter-pos.ipc';

/** The token is offered as the subprotocol `counter-pos.token.<token>`. */
export const TOKEN_PROTOCOL_PREFIX = 'counter-pos.token.';

/** The fragment parameter of the printed address that carries the token: `http://127.0.0.1:5174/#t=<token>`. */
export const TOKEN_FRAGMENT_PARAM = 't';

/** The subprotocols a client offers: the IPC protocol, and the token beside it. */
export function socketProtocols(token: string): string[] {
  return [IPC_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}
