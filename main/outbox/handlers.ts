import type { Handlers } from '../ipc/dispatch.ts';
import type { Context } from '../context.ts';

export function outboxHandlers(ctx: Context) {
  return {
    'outbox.list': (args) => ctx.stores.outbox.list({ orderClientId: args.orderClientId, states: args.states, limit: args.limit ?? 200 }),
    'outbox.summary': () => ctx.stores.outbox.counts(),
  } satisfies Partial<Handlers>;
}
