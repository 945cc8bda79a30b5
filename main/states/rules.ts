import type { Statement } from 'better-sqlite3';
import type { Sqlite } from '../../db/connection.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import type { Rule } from './types.ts';

/**
 * The rule catalog: cached from `GET /v2/order-state-rules`, with the SPEC §6 set built in so a
 * fresh install (never synced) already derives InDelivery, Delayed and Delivered.
 */
export const DEFAULT_RULES: readonly Rule[] = [
  { id: 'R1', state: 'InDelivery', code: 'dispatched', minPercent: 50, position: 1, active: true },
  { id: 'R2', state: 'Delayed', code: 'delayed', minPercent: 25, position: 2, active: true },
  { id: 'R3', state: 'Delivered', code: 'delivered', minPercent: 100, position: 3, active: true },
];

const VERSION_KEY = 'orderStateRules.version';

interface RuleRow {
  id: string;
  state: string;
  code: string;
  min_percent: number;
  position: number;
  active: number;
}

export class RuleStore {
  private readonly sqlite: Sqlite;
  private readonly settings: SettingsStore;
  private readonly allStmt: Statement<[], RuleRow>;
  private cache: Rule[] | null = null;
  /** Set by a write whose transaction may still roll back: the cache is refilled only outside one. */
  private unsettled = false;

  constructor(sqlite: Sqlite, settings: SettingsStore) {
    this.sqlite = sqlite;
    this.settings = settings;
    this.allStmt = sqlite.prepare('select id, state, code, min_percent, position, active from order_state_rules order by position, id');
  }

  /**
   * Every rule, active or not, by position. Cached (rules change only through `replace`); the
   * cache is filled only outside a transaction, so a rolled-back replace can never stay cached.
   */
  all(): readonly Rule[] {
    if (this.cache && !this.unsettled) return this.cache;
    const rules = this.allStmt.all().map((r) => ({
      id: r.id,
      state: r.state,
      code: r.code,
      minPercent: r.min_percent,
      position: r.position,
      active: r.active === 1,
    }));
    if (!this.sqlite.inTransaction) {
      this.cache = rules;
      this.unsettled = false;
    }
    return rules;
  }

  /** The catalog version held (0 = the built-in defaults, null = none yet). */
  version(): number | null {
    return this.settings.get<number>(VERSION_KEY) ?? null;
  }

  /** A fresh install gets the built-in set; run inside a transaction at start-up. */
  ensureDefaults(): void {
    if (this.version() !== null) return;
    this.write(DEFAULT_RULES, 0);
  }

  /**
   * Replaces the catalog with the server's (inside the caller's transaction). When the rules
   * really changed, every order with notices or history is marked 2: only a full (deletion
   * scenario) reconstruction can apply a changed rule set. Returns whether anything changed.
   */
  replace(rules: readonly Rule[], version: number): boolean {
    // Same key order and sort as `all()`, so an unchanged catalog compares equal.
    const sorted = rules
      .map((r) => ({ id: r.id, state: r.state, code: r.code, minPercent: r.minPercent, position: r.position, active: r.active }))
      .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const same = JSON.stringify(sorted) === JSON.stringify(this.all());
    if (same && this.version() === version) return false;
    this.write(sorted, version);
    if (same) return false;
    this.sqlite
      .prepare(
        `update orders set order_state_process_required = 2
         where client_id in (select order_client_id from step_states union select order_client_id from order_state_history)`,
      )
      .run();
    return true;
  }

  private write(rules: readonly Rule[], version: number): void {
    this.sqlite.prepare('delete from order_state_rules').run();
    const insert = this.sqlite.prepare(
      'insert into order_state_rules (id, state, code, min_percent, position, active, version) values (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rules) insert.run(r.id, r.state, r.code, r.minPercent, r.position, r.active ? 1 : 0, version);
    this.settings.set(VERSION_KEY, version);
    this.cache = null;
    this.unsettled = true;
  }
}
