import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/connection.ts';

/** A pulled notice whose shipment is not held here yet (`step_states_awaiting`). */
export interface AwaitingStepState {
  id: string;
  shipmentId: string;
  code: string;
  at: string;
  source: 'server' | 'manual';
}

/**
 * The pulled notices held until their shipment arrives (db/schema/states.ts `stepStatesAwaiting`).
 * The changes feed brings an order edited after its notices after them, so a terminal that meets
 * a notice first keeps it here instead of losing it; each pulled page then takes those whose
 * shipment it brought. Writes run in the caller's transaction.
 */
export class AwaitingStepStateStore {
  private readonly keepStmt: Statement<unknown[]>;
  private readonly dropStmt: Statement<[string]>;
  private readonly arrivedStmt: Statement<[], AwaitingStepState>;
  private readonly countStmt: Statement<[], number>;

  constructor(sqlite: Sqlite) {
    this.keepStmt = sqlite.prepare(
      `insert into step_states_awaiting (id, shipment_id, code, at, source, received_at) values (?, ?, ?, ?, ?, ?)
       on conflict (id) do update set shipment_id = excluded.shipment_id, code = excluded.code, at = excluded.at,
       source = excluded.source, received_at = excluded.received_at`,
    );
    this.dropStmt = sqlite.prepare('delete from step_states_awaiting where id = ?');
    this.arrivedStmt = sqlite.prepare(
      `select a.id, a.shipment_id as shipmentId, a.code, a.at, a.source from step_states_awaiting a
       where exists (select 1 from shipments s where s.shipment_id = a.shipment_id) order by a.received_at, a.id`,
    );
    this.countStmt = sqlite.prepare<[], number>('select count(*) from step_states_awaiting').pluck();
  }

  /** Keeps a notice (its latest copy) until its shipment arrives. */
  keep(stepState: AwaitingStepState, now: string): void {
    this.keepStmt.run(stepState.id, stepState.shipmentId, stepState.code, stepState.at, stepState.source, now);
  }

  /** Forgets a notice (taken, or removed by the server); whether one was held. */
  drop(id: string): boolean {
    return this.dropStmt.run(id).changes > 0;
  }

  /** The notices whose shipment is held here now, oldest first. */
  arrived(): AwaitingStepState[] {
    return this.arrivedStmt.all();
  }

  count(): number {
    return this.countStmt.get() ?? 0;
  }
}
