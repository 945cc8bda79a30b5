import { CreateSaleRequest } from '../../common/backend-requests.ts';
import { readBody, type ApiRouter } from '../http.ts';
import { now, saveOrderChanges } from '../mutations.ts';
import { saleRefusal } from '../order-rules.ts';
import { created, ok, refusal, refuse } from '../outcome.ts';
import type { Store } from '../store/index.ts';
import { findOrder, preconditionFailure } from './order-lookup.ts';

export function registerSaleRoutes(api: ApiRouter, store: Store): void {
  api.write('POST', '/v2/orders/:id/sale', (ctx) => {
    const body = readBody(ctx.body, CreateSaleRequest);
    if (!body.ok) return body.outcome;
    const request = body.value;
    const found = findOrder(store, ctx.params.id);
    if ('outcome' in found) return found.outcome;
    const { order } = found;

    // Natural key first: a sale already recorded is returned whatever version the sender knew.
    const existing = store.sales.byClientId(request.clientId);
    if (existing) {
      if (existing.orderId === order.id) return ok({ sale: existing, order });
      return refuse(409, 'client_id_conflict', `sale ${request.clientId} belongs to order ${existing.orderId}`, {
        field: 'clientId',
      });
    }

    // Transaction ids are the device's too: one recorded in another order's sale is never recorded
    // twice. (One of this order's own sale means the order has a sale: 409 sale_exists below.)
    for (const [index, tx] of request.transactions.entries()) {
      const owner = store.sales.saleOfTransaction(tx.txId);
      if (owner && owner.orderId !== order.id) {
        const field = `transactions.${index}.txId`;
        return refuse(409, 'client_id_conflict', `${field}: transaction ${tx.txId} belongs to sale ${owner.clientId} of order ${owner.orderId}`, {
          field,
        });
      }
    }

    const failure = preconditionFailure(order, ctx);
    if (failure) return failure;
    const refused = saleRefusal(order, request);
    if (refused) return refusal(refused);

    const sale = store.sales.insert({
      clientId: request.clientId,
      orderId: order.id,
      deviceId: ctx.deviceId,
      receiptNo: request.receiptNo,
      total: request.total,
      transactions: request.transactions,
      createdAt: request.createdAt ?? now(),
    });
    return created({ sale, order: saveOrderChanges(store, order, { saleId: sale.id }) });
  });
}
