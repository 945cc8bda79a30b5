import type { Sqlite } from '../db/connection.ts';
import type { Clock } from './clock.ts';
import type { EventBus } from './events.ts';
import { OrderStore } from './orders/order-store.ts';
import { OutboxStore } from './outbox/outbox-store.ts';
import { PaymentStore } from './payments/payment-store.ts';
import { SettingsStore } from './settings/settings-store.ts';

export interface Stores {
  orders: OrderStore;
  payments: PaymentStore;
  outbox: OutboxStore;
  settings: SettingsStore;
}

export function createStores(sqlite: Sqlite, clock: Clock): Stores {
  return {
    orders: new OrderStore(sqlite),
    payments: new PaymentStore(sqlite),
    outbox: new OutboxStore(sqlite, clock),
    settings: new SettingsStore(sqlite),
  };
}

/** Whether the server was reachable lately; the sync engine keeps it current. */
export interface Connectivity {
  online: boolean;
}

/** What every service gets: the database, its stores, the clock and the event bus. */
export interface Context {
  sqlite: Sqlite;
  stores: Stores;
  clock: Clock;
  events: EventBus;
  connectivity: Connectivity;
  deviceId: string;
}

/**
 * Runs `work` in one immediate SQLite transaction (the write lock is taken up front, so the
 * commit cannot fail half-way on a busy upgrade). A throw rolls everything back.
 */
export function inTransaction<T>(ctx: Pick<Context, 'sqlite'>, work: () => T): T {
  return ctx.sqlite.transaction(work).immediate();
}
