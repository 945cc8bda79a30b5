import type { Customer, OrderStatus, PaymentMethod } from '../../common/entities.ts';
import type { OutboxKind } from '../../common/entities.ts';
import { isFinal } from '../../common/order-status.ts';
import type { UpdateField } from '../outbox/coalesce.ts';

/**
 * Pure: the HTTP request an outbox operation becomes (API.md), built from the order as it is
 * now. The pusher freezes the result at the first attempt and resends exactly that on every
 * retry of an unknown outcome.
 */
export interface FrozenRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** `If-Match` value (the order's server version), for order-changing requests. */
  ifMatch: number | null;
  body: unknown;
}

export interface OrderSnapshot {
  clientId: string;
  serverId: number;
  version: number;
  status: OrderStatus;
  currency: string;
  total: number;
  customer: Customer | null;
  deliveryAddress: string | null;
  lines: Array<{ lineId: string; sku: string; name: string; qty: number; unitPrice: number; discount: number }>;
  shipments: Array<{ shipmentId: string; carrier: string; trackingNo: string }>;
  createdAt: string;
  sale: {
    clientId: string;
    receiptNo: string;
    total: number;
    createdAt: string;
    transactions: Array<{ txId: string; method: PaymentMethod; amount: number; reference: string | null; tendered: number | null; change: number | null; at: string }>;
  } | null;
}

export interface OperationInput {
  kind: OutboxKind;
  fields: readonly UpdateField[] | null;
  payload: unknown;
  targetId: string | null;
}


export function buildRequest(op: OperationInput, order: OrderSnapshot): FrozenRequest {
  const id = order.serverId;
  const needsId = () => {
    if (id <= 0) throw new Error(`operation ${op.kind} needs the order's server id, which is not known yet`);
    return id;
  };
  switch (op.kind) {
    case 'create':
      return {
        method: 'POST',
        path: '/v2/orders',
        ifMatch: null,
        body: {
          clientId: order.clientId,
          currency: order.currency,
          lines: order.lines,
          total: order.total,
          // A create carries an open status; a sale and a close follow it for a sold order.
          status: !isFinal(order.status) ? order.status : 'InProgress',
          customer: wireCustomer(order.customer),
          delivery: wireDelivery(order),
          createdAt: order.createdAt,
        },
      };
    case 'update': {
      const body: Record<string, unknown> = {};
      const fields = op.fields ?? ['lines', 'customer', 'delivery', 'status'];
      if (fields.includes('lines')) {
        body.lines = order.lines;
        body.total = order.total;
      }
      if (fields.includes('customer')) body.customer = wireCustomer(order.customer);
      if (fields.includes('delivery')) body.delivery = wireDelivery(order);
      if (fields.includes('status') && !isFinal(order.status)) body.status = order.status;
      return { method: 'PATCH', path: `/v2/orders/${needsId()}`, ifMatch: order.version, body };
    }
    case 'sale': {
      const sale = order.sale;
      if (!sale) throw new Error('a sale operation for an order without a sale');
      return {
        method: 'POST',
        path: `/v2/orders/${needsId()}/sale`,
        ifMatch: order.version,
        body: {
          clientId: sale.clientId,
          receiptNo: sale.receiptNo,
          total: sale.total,
          transactions: sale.transactions,
          createdAt: sale.createdAt,
        },
      };
    }
    case 'close':
    case 'reopen':
      return { method: 'POST', path: `/v2/orders/${needsId()}/${op.kind}`, ifMatch: order.version, body: {} };
    case 'delete':
      return { method: 'DELETE', path: `/v2/orders/${needsId()}`, ifMatch: order.version, body: {} };
    case 'stepState': {
      const p = op.payload as { id: string; shipmentId: string; code: string; at: string };
      return { method: 'POST', path: `/v2/shipments/${encodeURIComponent(p.shipmentId)}/step-states`, ifMatch: null, body: { id: p.id, code: p.code, at: p.at } };
    }
    case 'stepStateRemove': {
      const target = op.targetId ?? (op.payload as { id: string } | null)?.id;
      if (!target) throw new Error('a step-state removal without the step state id');
      return { method: 'DELETE', path: `/v2/step-states/${encodeURIComponent(target)}`, ifMatch: null, body: {} };
    }
    case 'stateHistory':
      return { method: 'POST', path: `/v2/orders/${needsId()}/state-history`, ifMatch: null, body: op.payload ?? { added: [], removed: [] } };
  }
}

function wireCustomer(customer: Customer | null) {
  return customer ? { name: customer.name, phone: customer.phone ?? null } : null;
}

function wireDelivery(order: OrderSnapshot) {
  if (order.deliveryAddress === null) return null;
  return { address: order.deliveryAddress, shipments: order.shipments };
}

/** Operations that change the order on the server and answer with it (and bump its version). */
export const ORDER_CHANGING: ReadonlySet<OutboxKind> = new Set(['create', 'update', 'sale', 'close', 'reopen', 'delete']);
