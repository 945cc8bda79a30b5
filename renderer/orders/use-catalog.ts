import { useEffect, useState } from 'react';
import type { CatalogView } from '../../common/catalog.ts';
import type { PosApi } from '../../common/ipc-contract.ts';

/**
 * The products to sell to an order in `currency` (catalog.list): an order keeps the currency it
 * was taken in, which may not be the terminal's now, and a line is priced in its order's currency.
 * Loaded again when a newer catalog arrives or another currency is asked for (not per order
 * opened); the last products stay while no order is open (`currency` null).
 */
export function useCatalog(pos: PosApi, currency: string | null): CatalogView | null {
  const [catalog, setCatalog] = useState<{ currency: string; view: CatalogView } | null>(null);
  useEffect(() => {
    if (currency === null) return;
    let live = true;
    const load = () =>
      void pos.invoke('catalog.list', { currency }).then((result) => {
        if (live && result.ok) setCatalog({ currency, view: result.value });
      });
    load();
    const off = pos.on('catalog.changed', load);
    return () => {
      live = false;
      off();
    };
  }, [pos, currency]);
  // Products of another currency than the one asked for are never shown, not even while loading.
  return catalog !== null && (currency === null || catalog.currency === currency) ? catalog.view : null;
}
