import type { CatalogView } from '../../common/catalog.ts';
import type { PosApi } from '../../common/ipc-contract.ts';
import { useLiveQuery } from '../shared/use-live-query.ts';

/** A newer catalog from the server, or another currency, changes what the counter sells. */
const RELOAD_ON = ['catalog.changed'] as const;

/** The products to sell (catalog.list), loaded again whenever they change. */
export function useCatalog(pos: PosApi): CatalogView | null {
  return useLiveQuery(pos, 'catalog.list', RELOAD_ON);
}
