import type { WebSocket } from 'ws';
import { events, type EventName } from '../../common/ipc-contract.ts';
import type { Terminal } from '../terminal.ts';
import { parseClientMessage, type HostReply } from './ipc-message.ts';
import { refusal } from '../../common/refusals.ts';

export type HostedTerminal = Pick<Terminal, 'dispatch' | 'onScreen'>;

/**
 * Serves one browser tab: each request goes through `terminal.dispatch` (which validates the
 * command and its input against the contract), and the terminal's events are pushed to the tab
 * (the staff's only in a staff session at a kiosk).
 */
export function serveIpcSocket(socket: WebSocket, terminal: HostedTerminal): void {
  const unsubscribe = (Object.keys(events) as EventName[]).map((event) =>
    terminal.onScreen(event, (payload) => send(socket, { event, payload })),
  );
  socket.on('close', () => {
    for (const off of unsubscribe) off();
  });
  socket.on('error', () => socket.terminate());
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      send(socket, { id: null, result: { ok: false, error: refusal('bad_message', 'binary frames are not accepted; send JSON text') } });
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      send(socket, parsed.reply);
      return;
    }
    const { id, name, input } = parsed.message;
    void terminal
      .dispatch(name, input)
      .catch((error: unknown) => {
        console.error(`command ${name} failed:`, error);
        return { ok: false as const, error: refusal('internal', `${name} failed unexpectedly: ${String(error)}`) };
      })
      .then((result) => send(socket, { id, result } satisfies HostReply));
  });
}

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}
