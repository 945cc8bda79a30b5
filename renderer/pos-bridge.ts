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

/**
 * `PosApi` over the browser host's WebSocket: the same commands, results and events as the
 * Electron bridge. Requests made while (re)connecting wait for the connection; a request whose
 * connection drops answers with an error result, never a rejection.
 */
export function createSocketPosApi(url: string): PosApi {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();
  const waiting: string[] = [];
  let nextId = 1;
  let retryMs = 250;
  let socket = connect();

  function connect(): WebSocket {
    const ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      retryMs = 250;
      for (const frame of waiting.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (event) => receive(String(event.data)));
    ws.addEventListener('close', () => {
      for (const [id, settle] of pending) {
        pending.delete(id);
        settle({ ok: false, error: { code: 'disconnected', message: 'lost the connection to the terminal; check the order before retrying' } });
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
        else waiting.push(frame);
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
