import type { Sqlite } from '../../db/connection.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import type { SaleService } from './sale-service.ts';
import { TillTakingsQuery } from './till-takings.ts';

export function saleHandlers(sqlite: Sqlite, sales: SaleService) {
  const takings = new TillTakingsQuery(sqlite);
  return {
    'sales.complete': (args) => sales.complete(args),
    'sales.takings': (args) => ({ from: args.from, to: args.to, currencies: takings.read(args.from, args.to) }),
  } satisfies Partial<Handlers>;
}
