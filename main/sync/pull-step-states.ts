import type { Statement } from 'better-sqlite3';
import type { StepState } from '../../common/backend-api.ts';
import type { Problem } from '../../common/problem.ts';
import type { Context } from '../context.ts';
import { stepStateOtherOrder } from './sync-problems.ts';

/**
 * The pull's check of a step state's `orderId` against its shipment's order (API.md StepState),
 * and its durable list of the step states that failed it. A notice whose `orderId` names another
 * order than the one its shipment belongs to here breaks the contract: which order it is about
 * cannot be told, so it is taken for neither (as a pulled order that does not read as the contract
 * says), kept by its id with its problem and shown until it can be taken: the server sends it again
 * as it should, removes it, or moves its shipment to the order it names (a move the feed may bring
 * after the notice, so each pull tries the kept ones again). Kept in the settings with the cursor
 * that moved past it, so a restart loses none. Each write is made in the caller's transaction.
 */

/** Settings key of the step states not taken, by id, oldest first. */
const NOT_TAKEN = 'pull.stepStatesNotTaken';
export type KeptStepState = { stepState: StepState; problem: Problem };

interface ShipmentOwner {
  server_id: number;
}

export class StepStateOwners {
  private readonly ctx: Context;
  private readonly ownerStmt: Statement<[string], ShipmentOwner>;

  constructor(ctx: Context) {
    this.ctx = ctx;
    this.ownerStmt = ctx.sqlite.prepare('select o.server_id from shipments s join orders o on o.client_id = s.order_client_id where s.shipment_id = ?');
  }

  /**
   * Why `stepState` cannot be taken: its shipment is on another order here than the one it names.
   * Null when it can: same order, a shipment not held here (ignored as before: its order may come
   * later in the feed), or an order the server has not numbered here yet (its create's answer
   * lost: nothing to compare with, and the shipment is this terminal's own).
   */
  problem(stepState: StepState): Problem | null {
    const owner = this.ownerStmt.get(stepState.shipmentId);
    if (owner === undefined || owner.server_id === 0 || owner.server_id === stepState.orderId) return null;
    return stepStateOtherOrder(stepState, owner.server_id);
  }

  /** Whether the shipment of `stepState` is held here at all. */
  held(stepState: StepState): boolean {
    return this.ownerStmt.get(stepState.shipmentId) !== undefined;
  }
}

/** The step states not taken (`NOT_TAKEN`), oldest first. */
export function keptStepStates(ctx: Context): KeptStepState[] {
  return ctx.stores.settings.get<KeptStepState[]>(NOT_TAKEN) ?? [];
}

/** Keeps a step state not taken (once, as its latest copy and problem). In a transaction. */
export function keepStepState(ctx: Context, stepState: StepState, problem: Problem): void {
  const kept = keptStepStates(ctx).filter((entry) => entry.stepState.id !== stepState.id);
  ctx.stores.settings.set(NOT_TAKEN, [...kept, { stepState, problem }]);
}

/** The step state with this id was taken or removed by the server: off `NOT_TAKEN`. In a transaction. */
export function stepStateSettled(ctx: Context, id: string): void {
  const kept = keptStepStates(ctx);
  if (kept.some((entry) => entry.stepState.id === id)) ctx.stores.settings.set(NOT_TAKEN, kept.filter((entry) => entry.stepState.id !== id));
}
