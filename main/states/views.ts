import type {
  NotificationView,
  OrderStateHistoryView,
  ShipmentHitView,
  StateJobView,
  StepStateView,
} from '../../common/order-states.ts';
import { orderNumber } from '../../common/order-label.ts';
import { storedProblem } from '../../common/problem.ts';
import type { ListedNotification } from './notification-store.ts';
import type { JobRow } from './queue-store.ts';
import type { ShippingIndexRow } from './shipping-index.ts';
import type { StepStateRow } from './step-state-store.ts';
import type { HistoryEntry } from './types.ts';

/** Rows as the IPC contract shows them. */

export function toStepStateView(r: StepStateRow): StepStateView {
  return {
    id: r.id,
    shipmentId: r.shipment_id,
    orderClientId: r.order_client_id,
    code: r.code,
    at: r.at,
    source: r.source,
    recordedAt: r.recorded_at,
  };
}

export function toHistoryView(e: HistoryEntry): OrderStateHistoryView {
  return {
    id: e.id,
    ruleId: e.ruleId,
    state: e.state,
    startedAt: e.startedAt,
    fulfilledAt: e.fulfilledAt,
    validFrom: e.validFrom,
    validTo: e.validTo,
  };
}

/** `serverId`: the job's order's server number (0 until the server knows it). */
export function toJobView(r: JobRow, serverId: number): StateJobView {
  return {
    orderClientId: r.order_client_id,
    orderNumber: orderNumber({ serverId, clientId: r.order_client_id }),
    scenario: r.scenario,
    state: r.state,
    attempts: r.attempts,
    partialRuns: r.partial_runs,
    dueAt: r.due_at,
    lastError: r.last_error,
    enqueuedAt: r.enqueued_at,
    updatedAt: r.updated_at,
  };
}

export function toHitView(r: ShippingIndexRow): ShipmentHitView {
  return {
    shipmentId: r.shipment_id,
    orderClientId: r.order_client_id,
    orderNumber: r.order_number,
    customer: r.customer,
    address: r.address,
    carrier: r.carrier,
    trackingNo: r.tracking_no,
    lastStep: r.last_step,
    orderState: r.order_state,
    orderStateSince: r.order_state_since,
  };
}

export function toNotificationView(r: ListedNotification): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    orderClientId: r.order_client_id,
    orderNumber: r.order_client_id === null ? null : orderNumber({ serverId: r.server_id ?? 0, clientId: r.order_client_id }),
    historyId: r.history_id,
    state: r.state,
    message: r.message,
    detail: r.detail_problem === null ? null : storedProblem(r.message, r.detail_problem),
    at: r.at,
  };
}
