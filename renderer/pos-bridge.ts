import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload, PosApi, Result } from '../common/ipc-contract.ts';

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
  const api = createSocketPosApi(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ipc`);
  window.pos = api;
  return api;
}

/** What a request that never left gets: nothing was done, so trying again is safe. */
const NOT_SENT: Result<never> = { ok: false, error: { code: 'not_sent', message: 'the terminal could not be reached, so nothing was done; try again' } };
/** What a request sent on a connection that then dropped gets: it may or may not have been done. */
const DISCONNECTED: Result<never> = { ok: false, error: { code: 'disconnected', message: 'lost the connection to the terminal; check the order before retrying' } };

/**
 * `PosApi` over the browser host's WebSocket: the same commands, results and events as the
 * Electron bridge. Requests made while connecting wait for that connection; if it fails they
 * answer `not_sent` and are dropped (never sent later, after the staff were told they failed).
 * A request sent on a connection that drops answers `disconnected`. Errors are results, never
 * rejections.
 */
export function createSocketPosApi(url: string): PosApi {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();
  /** Frames waiting for the connection being made, by request id. */
  const waiting = new Map<number, string>();
  let nextId = 1;
  let retryMs = 250;
  let socket = connect();

  function connect(): WebSocket {
    const ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      retryMs = 250;
      for (const frame of waiting.values()) ws.send(frame);
      waiting.clear();
    });
    ws.addEventListener('message', (event) => receive(String(event.data)));
    ws.addEventListener('close', () => {
      for (const [id, settle] of pending) {
        pending.delete(id);
        settle(waiting.delete(id) ? NOT_SENT : DISCONNECTED);
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
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        else if (socket.readyState === WebSocket.CONNECTING) waiting.set(id, frame);
        else {
          // Closing or closed: the next connection is not yet being made.
          pending.delete(id);
          resolve(NOT_SENT);
        }
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
