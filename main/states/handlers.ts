import type { Handlers } from '../ipc/dispatch.ts';
import type { StatesService } from './states-service.ts';
import { toHitView, toJobView, toNotificationView } from './views.ts';

/** The `states.*` commands of the IPC contract. */
export function stateHandlers(states: StatesService) {
  return {
    'states.addStepState': (args) => states.stepStates.add(args),
    'states.removeStepState': (args) => states.stepStates.remove(args),
    'states.timeline': (args) => states.timeline(args.orderClientId),
    'states.searchShipments': (args) => states.stores.index.search(args.query, args.limit ?? 50).map(toHitView),
    'states.notifications': (args) =>
      states.stores.notifications.list({ orderClientId: args.orderClientId, limit: args.limit ?? 100 }).map(toNotificationView),
    'states.queue': (args) =>
      states.stores.queue.list({ states: args.states, orderClientId: args.orderClientId, limit: args.limit ?? 200 }).map((r) => toJobView(r, r.server_id ?? 0)),
    'states.retryJob': (args) => states.retryJob(args.orderClientId),
    'states.rules': () => ({ version: states.rules.version(), rules: [...states.rules.all()] }),
  } satisfies Partial<Handlers>;
}
