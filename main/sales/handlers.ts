import type { Handlers } from '../ipc/dispatch.ts';
import type { SaleService } from './sale-service.ts';

export function saleHandlers(sales: SaleService) {
  return {
    'sales.complete': (args) => sales.complete(args),
  } satisfies Partial<Handlers>;
}
