import { z } from 'zod';
import { FinalOnServer, OrderStatus, SyncStatus } from './entities.ts';
import { Problem } from './problem.ts';

/**
 * Shapes of order-state reconstruction (SPEC §6) as the terminal shows them: step states, the
 * order-state history and timeline, the ShippingIndex search, notifications and the job queue.
 * Shared by main (IPC output validation) and the renderer.
 */

export const StepStateView = z.object({
  id: z.string(),
  shipmentId: z.string(),
  orderClientId: z.string(),
  code: z.string(),
  at: z.string(),
  source: z.enum(['server', 'manual']),
  recordedAt: z.string(),
});
export type StepStateView = z.infer<typeof StepStateView>;

export const OrderStateHistoryView = z.object({
  id: z.string(),
  ruleId: z.string(),
  state: z.string(),
  startedAt: z.string(),
  fulfilledAt: z.string(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
});
export type OrderStateHistoryView = z.infer<typeof OrderStateHistoryView>;

export const OrderStateRuleView = z.object({
  id: z.string(),
  state: z.string(),
  code: z.string(),
  minPercent: z.number().int(),
  position: z.number().int(),
  active: z.boolean(),
});
export type OrderStateRuleView = z.infer<typeof OrderStateRuleView>;

export const RuleProgressView = z.object({
  ruleId: z.string(),
  state: z.string(),
  /** The share of the order's shipments the rule needs (its `minPercent`). */
  minPercent: z.number().int(),
  reached: z.number().int(),
  shipments: z.number().int(),
  percent: z.number(),
  startedAt: z.string().nullable(),
  fulfilledAt: z.string().nullable(),
  fulfilled: z.boolean(),
  partial: z.boolean(),
});
export type RuleProgressView = z.infer<typeof RuleProgressView>;

export const StateJobView = z.object({
  orderClientId: z.string(),
  /** How staff refer to the order (its server number once known, else the end of its client id). */
  orderNumber: z.string(),
  scenario: z.enum(['update', 'deletion']),
  state: z.enum(['queued', 'dead']),
  attempts: z.number().int(),
  partialRuns: z.number().int(),
  dueAt: z.string(),
  lastError: z.string().nullable(),
  enqueuedAt: z.string(),
  updatedAt: z.string(),
});
export type StateJobView = z.infer<typeof StateJobView>;

export const OrderTimelineView = z.object({
  orderClientId: z.string(),
  /** How staff refer to the order (its server number once known, else the end of its client id). */
  orderNumber: z.string(),
  status: OrderStatus,
  /** Whether the server has the order, and why not when it is Blocked (as the order editor says it). */
  syncStatus: SyncStatus,
  blockedReason: Problem.nullable(),
  /** The server made the order final while it is Blocked here (its badge says so, as the editor's does). */
  finalOnServer: FinalOnServer.nullable(),
  orderState: z.string().nullable(),
  orderStateSince: z.string().nullable(),
  /** The persisted history, oldest first. */
  history: z.array(OrderStateHistoryView),
  shipments: z.array(
    z.object({
      shipmentId: z.string(),
      carrier: z.string(),
      trackingNo: z.string(),
      stepStates: z.array(StepStateView),
    }),
  ),
  /** Every active rule measured now over the order's shipments (what the next full run would find). */
  progress: z.array(RuleProgressView),
  /** A change waiting for the reconstruction (marker set or job queued): the history may be about to move. */
  pending: z.boolean(),
  job: StateJobView.nullable(),
});
export type OrderTimelineView = z.infer<typeof OrderTimelineView>;

export const ShipmentHitView = z.object({
  shipmentId: z.string(),
  orderClientId: z.string(),
  orderNumber: z.string(),
  customer: z.string(),
  address: z.string(),
  carrier: z.string(),
  trackingNo: z.string(),
  lastStep: z.string().nullable(),
  orderState: z.string().nullable(),
  orderStateSince: z.string().nullable(),
});
export type ShipmentHitView = z.infer<typeof ShipmentHitView>;

/** The notification kind telling the staff the terminal was started on a backup copy put back (main/restored-copy.ts). */
export const RESTORED_COPY_NOTIFICATION = 'restored_copy';

export const NotificationView = z.object({
  id: z.string(),
  kind: z.string(),
  orderClientId: z.string().nullable(),
  /** How staff refer to the order (its server number once known, else the end of its client id). */
  orderNumber: z.string().nullable(),
  historyId: z.string().nullable(),
  state: z.string().nullable(),
  message: z.string(),
  /** The detail as a problem (its code and params), for the UI's words: sync notices and a restored copy's; null otherwise. */
  detail: Problem.nullable(),
  at: z.string(),
});
export type NotificationView = z.infer<typeof NotificationView>;
