import type { ApiRouter } from '../http.ts';
import { now } from '../mutations.ts';
import { ok } from '../outcome.ts';
import type { Store } from '../store/index.ts';

/** Liveness, the catalog and the order-state rules. */
export function registerReferenceDataRoutes(api: ApiRouter, store: Store): void {
  api.read('/v2/health', () => ok({ time: now() }));
  api.read('/v2/catalog', () => ok({ products: store.catalog.products(), version: store.catalog.catalogVersion() }));
  api.read('/v2/order-state-rules', () => ok({ rules: store.catalog.rules(), version: store.catalog.rulesVersion() }));
}
