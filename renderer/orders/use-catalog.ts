import type { CatalogView } from '../../common/catalog.ts';
import type { PosApi } from '../../common/ipc-contract.ts';
import { useLiveQuery } from '../shared/use-live-query.ts';

/** A newer catalog from the server changes what the counter sells. */
const RELOAD_ON = ['catalog.changed'] as const;

/**
 * The products to sell to an order in `currency` (catalog.list): an order keeps the currency it
 * was taken in, which may not be the terminal's now, and a line is priced in its order's currency.
 * Loaded again when a newer catalog arrives or another currency is asked for (not per order
 * opened); products of another currency are never shown, and the last ones stay while no order is
 * open (`currency` null).
 */
export function useCatalog(pos: PosApi, currency: string | null): CatalogView | null {
  return useLiveQuery(pos, 'catalog.list', RELOAD_ON, currency === null ? null : { currency });
}
