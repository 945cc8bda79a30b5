import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../common/ipc-channels.ts';
import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload, PosApi, Result } from '../common/ipc-contract.ts';

/**
 * The one bridge (sandboxed, context-isolated): the renderer gets `window.pos` and nothing else.
 * No Electron object crosses it: callers get plain results and payloads, never the event.
 */
const api = {
  invoke<K extends CommandName>(name: K, input: CommandInput<K>): Promise<Result<CommandOutput<K>>> {
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, name, input) as Promise<Result<CommandOutput<K>>>;
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (name === event) listener(payload as EventPayload<E>);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => void ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  },
} satisfies PosApi;

contextBridge.exposeInMainWorld('pos', api);
