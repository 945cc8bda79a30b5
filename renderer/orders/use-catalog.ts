import { useEffect, useState } from 'react';
import type { CatalogView } from '../../common/catalog.ts';
import type { PosApi } from '../../common/ipc-contract.ts';

/** The products to sell (catalog.list), loaded again whenever a newer catalog arrives from the server. */
export function useCatalog(pos: PosApi): CatalogView | null {
  const [catalog, setCatalog] = useState<CatalogView | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void pos.invoke('catalog.list', {}).then((result) => {
        if (live && result.ok) setCatalog(result.value);
      });
    load();
    const off = pos.on('catalog.changed', load);
    return () => {
      live = false;
      off();
    };
  }, [pos]);
  return catalog;
}
