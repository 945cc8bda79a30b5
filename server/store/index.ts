import type { Sqlite } from '../db/connection.ts';
import { createIdempotency } from '../idempotency.ts';
import { createCatalogStore } from './catalog.ts';
import { createChangeLog } from './changes.ts';
import { createOrderStore } from './orders.ts';
import { createSaleStore } from './sales.ts';
import { createStepStateStore } from './step-states.ts';

/** Every table of the server behind prepared statements, over one connection. */
export function createStore(sqlite: Sqlite) {
  return {
    sqlite,
    orders: createOrderStore(sqlite),
    sales: createSaleStore(sqlite),
    stepStates: createStepStateStore(sqlite),
    catalog: createCatalogStore(sqlite),
    changes: createChangeLog(sqlite),
    idempotency: createIdempotency(sqlite),
  };
}

export type Store = ReturnType<typeof createStore>;
