import type { Handlers } from '../ipc/dispatch.ts';
import type { Context } from '../context.ts';
import { orderSummaryOf } from '../../common/entities.ts';
import { OrderLists } from './order-lists.ts';
import { readOrderView } from './order-view.ts';
import type { OrderService } from './order-service.ts';

export function orderHandlers(ctx: Context, orders: OrderService) {
  const lists = new OrderLists(ctx.sqlite);
  return {
    'orders.create': (args) => orders.create(args),
    'orders.get': (args) => orders.get(args.orderClientId),
    'orders.listActive': (args) => lists.active(args.search, args.limit ?? 100),
    'orders.listFinished': (args) => lists.finished(args.search, args.limit ?? 50),
    'orders.listBlocked': (args) =>
      lists.blockedIds(args.limit ?? 100).map((id) => {
        const view = readOrderView(ctx, id);
        return { ...orderSummaryOf(view), blockedReason: view.blockedReason };
      }),
    'orders.addLine': (args) => orders.addLine(args),
    'orders.updateLine': (args) => orders.updateLine(args),
    'orders.removeLine': (args) => orders.removeLine(args),
    'orders.setCustomer': (args) => orders.setCustomer(args),
    'orders.setDelivery': (args) => orders.setDelivery(args),
    'orders.setStatus': (args) => orders.setStatus(args),
    'orders.delete': (args) => orders.delete(args),
  } satisfies Partial<Handlers>;
}
