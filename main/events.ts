import type { EventName, EventPayload } from '../common/ipc-contract.ts';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** Events the services emit after their transaction committed; the IPC layer forwards them. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (error) {
        // A failing listener (a closed window) must not undo or hide a committed change.
        console.error(`listener of ${event} failed:`, error);
      }
    }
  }
}
