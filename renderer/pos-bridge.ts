import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload, PosApi, Result } from '../common/ipc-contract.ts';
import { IPC_PROTOCOL, IPC_SOCKET_PATH, socketProtocols, TOKEN_FRAGMENT_PARAM } from '../common/host-socket.ts';
import { refusal } from '../common/refusals.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; missing in a plain browser (the browser host). */
    pos?: PosApi;
  }
}

type Listener = (payload: unknown) => void;
type HostMessage = { id: string | number | null; result: Result<unknown> } | { event: EventName; payload: unknown };

/** The renderer's one way to the terminal: Electron's `window.pos`, or the browser host's socket. */
export function installPosBridge(): PosApi {
  if (window.pos) return window.pos;
  const token = takeHostToken(location, sessionStorage, history);
  // The address a restarted host printed, pasted into this tab, changes only its fragment, which
  // reloads nothing: reload, so that the page takes the new token and connects with it.
  window.addEventListener('hashchange', () => {
    if (hostTokenIn(location.hash) !== null) location.reload();
  });
  const api = createSocketPosApi(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${IPC_SOCKET_PATH}`, { token });
  window.pos = api;
  return api;
}

/** The token an address's fragment (`#t=<token>`) carries, or null. */
export function hostTokenIn(hash: string): string | null {
  return new URLSearchParams(hash.slice(1)).get(TOKEN_FRAGMENT_PARAM) || null;
}

/** Where this tab keeps the browser host's token, so a reload (whose address no longer has it) still connects. */
export const HOST_TOKEN_KEY = 'counter-pos.host-token';

/**
 * The browser host's token for this tab (common/host-socket.ts): from the address the host
 * printed (`#t=<token>`), then kept in the tab's sessionStorage and taken out of the address bar
 * (so it is not shown, bookmarked or shared with a screenshot); on a reload, from sessionStorage.
 * Null when the page was opened without it: the host then refuses the socket.
 */
export function takeHostToken(
  address: Pick<Location, 'hash' | 'pathname' | 'search'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  tabHistory: Pick<History, 'state' | 'replaceState'>,
): string | null {
  const fromAddress = hostTokenIn(address.hash);
  if (!fromAddress) return storage.getItem(HOST_TOKEN_KEY);
  storage.setItem(HOST_TOKEN_KEY, fromAddress);
  tabHistory.replaceState(tabHistory.state, '', `${address.pathname}${address.search}`);
  return fromAddress;
}

/** What a request that never left gets: nothing was done, so trying again is safe. */
const NOT_SENT: Result<never> = { ok: false, error: refusal('not_sent', 'the terminal could not be reached, so nothing was done; try again') };
/** What a request sent on a connection that then dropped gets: it may or may not have been done. */
const DISCONNECTED: Result<never> = { ok: false, error: refusal('disconnected', 'lost the connection to the terminal; check the order before retrying') };

/** How long a request waits for a connection (the host starting, or coming back) before it answers `not_sent`. */
export const CONNECT_WAIT_MS = 10_000;

/**
 * `PosApi` over the browser host's WebSocket: the same commands, results and events as the
 * Electron bridge. A request made while there is no connection waits for the next one, for up
 * to `waitMs`; then it answers `not_sent` and is dropped, never sent later (after the staff were
 * told it failed). A request sent on a connection that drops answers `disconnected`. Errors are
 * results, never rejections. `token` is the host's (takeHostToken), offered as a subprotocol.
 */
export function createSocketPosApi(url: string, { waitMs = CONNECT_WAIT_MS, token = null }: { waitMs?: number; token?: string | null } = {}): PosApi {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();
  /** Frames not sent yet, by request id, each with the timer that gives up on it. */
  const waiting = new Map<number, { frame: string; timer: ReturnType<typeof setTimeout> }>();
  let nextId = 1;
  let retryMs = 250;
  let socket = connect();

  function connect(): WebSocket {
    // Without a token the host refuses the socket (401); requests then answer `not_sent`.
    const ws = new WebSocket(url, token ? socketProtocols(token) : [IPC_PROTOCOL]);
    ws.addEventListener('open', () => {
      retryMs = 250;
      for (const { frame, timer } of waiting.values()) {
        clearTimeout(timer);
        ws.send(frame);
      }
      waiting.clear();
    });
    ws.addEventListener('message', (event) => receive(String(event.data)));
    ws.addEventListener('close', () => {
      // What was sent on this connection may or may not have been done; what waits goes on waiting.
      for (const [id, settle] of pending) {
        if (waiting.has(id)) continue;
        pending.delete(id);
        settle(DISCONNECTED);
      }
      setTimeout(() => (socket = connect()), retryMs);
      retryMs = Math.min(retryMs * 2, 5_000);
    });
    return ws;
  }

  function receive(text: string): void {
    let message: HostMessage;
    try {
      message = JSON.parse(text) as HostMessage;
    } catch {
      return;
    }
    if ('event' in message) {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    } else if (typeof message.id === 'number') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    }
  }

  return {
    invoke<K extends CommandName>(name: K, input: CommandInput<K>) {
      const id = nextId++;
      const frame = JSON.stringify({ id, name, input });
      return new Promise<Result<CommandOutput<K>>>((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (socket.readyState === WebSocket.OPEN) {
          socket.send(frame);
          return;
        }
        const timer = setTimeout(() => {
          waiting.delete(id);
          pending.delete(id);
          resolve(NOT_SENT);
        }, waitMs);
        waiting.set(id, { frame, timer });
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as Listener;
      set.add(wrapped);
      return () => void set.delete(wrapped);
    },
  } satisfies PosApi;
}
