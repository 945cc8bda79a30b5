import type { OrderView } from '../../common/entities.ts';
import type { CommandArgs } from '../../common/ipc-contract.ts';
import { uuidv7 } from '../../common/ids.ts';
import { inTransaction, type Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { assertOrderMove } from '../orders/order-status.ts';
import { readOrderView } from '../orders/order-view.ts';
import { checkSaleAllowed } from '../payments/payment-rules.ts';
import { refreshSyncStatus } from '../sync/order-sync-status.ts';
import { assertNotFinalOnServer } from '../sync/server-final.ts';
import { receiptNumber } from './receipt-number.ts';

/**
 * Completes a sale (SPEC §3.4): at balance zero, in one transaction, the sale is created with a
 * receipt number, the transactions are attached to it, the order becomes Done, and the outbox
 * gets the sale and then the close (the server refuses a close before the sale).
 */
export class SaleService {
  private readonly ctx: Context;
  private readonly receiptPrefix: string;

  constructor(ctx: Context, receiptPrefix: string) {
    this.ctx = ctx;
    this.receiptPrefix = receiptPrefix;
  }

  complete(args: CommandArgs<'sales.complete'>): OrderView {
    const { ctx } = this;
    const id = args.orderClientId;
    inTransaction(ctx, () => {
      const order = ctx.stores.orders.get(id);
      if (!order) throw notFound('order', id);
      assertOrderMove(order.status, 'Done', id);
      assertNotFinalOnServer(ctx, id, order);
      checkSaleAllowed(order.total, ctx.stores.payments.tenders(id), ctx.stores.payments.unresolvedAttempts(id).length, order.currency);
      const saleClientId = uuidv7(ctx.clock.now());
      const receiptNo = receiptNumber(this.receiptPrefix, ctx.stores.settings.next('receipt.seq'));
      const now = ctx.clock.iso();
      ctx.stores.payments.insertSale({ clientId: saleClientId, orderClientId: id, receiptNo, total: order.total, createdAt: now });
      ctx.stores.orders.setStatus(id, 'Done');
      const rev = ctx.stores.orders.touch(id, order.total, now);
      ctx.stores.outbox.enqueue({ orderClientId: id, kind: 'sale', targetId: saleClientId, orderRev: rev });
      ctx.stores.outbox.enqueue({ orderClientId: id, kind: 'close', orderRev: rev });
      refreshSyncStatus(ctx, id);
    });
    const view = readOrderView(ctx, id);
    ctx.events.emit('order.changed', { orderClientId: id, status: view.status, syncStatus: view.syncStatus });
    return view;
  }
}
