import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/connection.ts';
import { markerLevel, noticeWriteLevel } from './marker.ts';
import type { StepStateFact } from './types.ts';

export interface StepStateRow {
  id: string;
  shipment_id: string;
  order_client_id: string;
  code: string;
  /** Canonical ISO 8601 UTC (text order = instant order). */
  at: string;
  source: 'server' | 'manual';
  recorded_at: string;
}

export interface StepStateInput {
  id: string;
  shipmentId: string;
  orderClientId: string;
  code: string;
  /** Canonical ISO 8601 UTC (see instant.ts `canonicalIso`). */
  at: string;
  source: 'server' | 'manual';
}

/**
 * StepState rows. Every write sets the order's marker in the same statement sequence, so it
 * commits or rolls back with the caller's transaction (SPEC §6 "Marker"); nothing else writes
 * step_states. The ShippingIndex `last_step` follows by trigger.
 */
export class StepStateStore {
  private readonly getStmt: Statement<[string], StepStateRow>;
  private readonly orderOfShipmentStmt: Statement<[string], { order_client_id: string }>;
  private readonly forOrderStmt: Statement<[string], StepStateRow>;
  private readonly factsStmt: Statement<[string], StepStateFact>;
  private readonly latestOfCodeStmt: Statement<[string, string, string], { at: string | null }>;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly updateStmt: Statement<unknown[]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly markStmt: Statement<[number, string]>;

  constructor(sqlite: Sqlite) {
    this.getStmt = sqlite.prepare('select * from step_states where id = ?');
    this.orderOfShipmentStmt = sqlite.prepare('select order_client_id from shipments where shipment_id = ?');
    this.forOrderStmt = sqlite.prepare('select * from step_states where order_client_id = +? order by at, id');
    this.factsStmt = sqlite.prepare('select shipment_id as shipmentId, code, at from step_states where order_client_id = ?');
    // `at` is canonical, so max() is the latest instant (step_states_order_code_idx answers it).
    this.latestOfCodeStmt = sqlite.prepare('select max(at) as at from step_states where order_client_id = ? and code = ? and id <> ?');
    this.insertStmt = sqlite.prepare(
      `insert into step_states (id, shipment_id, order_client_id, code, at, source, recorded_at) values (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateStmt = sqlite.prepare(
      `update step_states set shipment_id = ?, order_client_id = ?, code = ?, at = ?, source = ?, recorded_at = ? where id = ?`,
    );
    this.deleteStmt = sqlite.prepare('delete from step_states where id = ?');
    // max(current, level): the level marker.ts asks for the change.
    this.markStmt = sqlite.prepare(
      'update orders set order_state_process_required = max(order_state_process_required, ?) where client_id = ?',
    );
  }

  get(id: string): StepStateRow | undefined {
    return this.getStmt.get(id);
  }

  orderOfShipment(shipmentId: string): string | undefined {
    return this.orderOfShipmentStmt.get(shipmentId)?.order_client_id;
  }

  forOrder(orderClientId: string): StepStateRow[] {
    return this.forOrderStmt.all(orderClientId);
  }

  /** What the reconstruction reads: the order's notices, in any order. */
  factsForOrder(orderClientId: string): StepStateFact[] {
    return this.factsStmt.all(orderClientId);
  }

  /**
   * Creates or updates a notice and marks its order: 1 or 2 as `noticeWriteLevel` decides (2 for
   * a changed fact or a notice dated before others of its code); an identical re-send changes nothing.
   */
  upsert(input: StepStateInput, now: string): 'created' | 'updated' | 'unchanged' {
    const prior = this.getStmt.get(input.id);
    if (
      prior &&
      prior.shipment_id === input.shipmentId &&
      prior.order_client_id === input.orderClientId &&
      prior.code === input.code &&
      prior.at === input.at &&
      prior.source === input.source
    ) {
      return 'unchanged';
    }
    // Read before the write. A notice moved from another order is new to this one.
    const latestOfCode = this.latestOfCodeStmt.get(input.orderClientId, input.code, input.id)?.at ?? null;
    const priorHere = prior && prior.order_client_id === input.orderClientId ? { shipmentId: prior.shipment_id, code: prior.code, at: prior.at } : undefined;
    const level = noticeWriteLevel(priorHere, input, latestOfCode);
    if (prior) {
      this.updateStmt.run(input.shipmentId, input.orderClientId, input.code, input.at, input.source, now, input.id);
    } else {
      this.insertStmt.run(input.id, input.shipmentId, input.orderClientId, input.code, input.at, input.source, now);
    }
    this.markStmt.run(level, input.orderClientId);
    // A notice moved to another order is, for the order it left, a deletion.
    if (prior && prior.order_client_id !== input.orderClientId) this.markStmt.run(markerLevel('deleted'), prior.order_client_id);
    return prior ? 'updated' : 'created';
  }

  /** Deletes a notice and marks its order 2; returns what was deleted. */
  remove(id: string): StepStateRow | undefined {
    const prior = this.getStmt.get(id);
    if (!prior) return undefined;
    this.deleteStmt.run(id);
    this.markStmt.run(markerLevel('deleted'), prior.order_client_id);
    return prior;
  }
}
