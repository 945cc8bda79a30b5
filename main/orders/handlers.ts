import type { Handlers } from '../ipc/dispatch.ts';
import type { Context } from '../context.ts';
import { OrderLists } from './order-lists.ts';
import type { OrderService } from './order-service.ts';

export function orderHandlers(ctx: Context, orders: OrderService) {
  const lists = new OrderLists(ctx.sqlite);
  return {
    'orders.create': (args) => orders.create(args),
    'orders.get': (args) => orders.get(args.orderClientId),
    'orders.listActive': (args) => lists.active(args.search, args.limit ?? 100),
    'orders.listFinished': (args) => lists.finished(args.search, args.limit ?? 50),
    'orders.addLine': (args) => orders.addLine(args),
    'orders.updateLine': (args) => orders.updateLine(args),
    'orders.removeLine': (args) => orders.removeLine(args),
    'orders.setCustomer': (args) => orders.setCustomer(args),
    'orders.setDelivery': (args) => orders.setDelivery(args),
    'orders.setStatus': (args) => orders.setStatus(args),
    'orders.delete': (args) => orders.delete(args),
  } satisfies Partial<Handlers>;
}
