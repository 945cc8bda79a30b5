import { CHANGES_DEFAULT_LIMIT, CHANGES_MAX_LIMIT, type Change } from '../../common/backend-api.ts';
import type { ApiRouter } from '../http.ts';
import { ok, refuse } from '../outcome.ts';
import type { ChangeRow } from '../store/changes.ts';
import type { Store } from '../store/index.ts';

/**
 * `GET /v2/changes?since=<cursor>&limit=<n>`: every entity changed after the cursor, once, as it
 * is now. The cursor is the feed's sequence number as a string; clients treat it as opaque.
 */
export function registerChangesRoutes(api: ApiRouter, store: Store): void {
  api.read('/v2/changes', (ctx) => {
    const since = parseCursor(ctx.query.since, store.changes.lastSeq());
    if (since === null) return refuse(400, 'bad_cursor', 'since is not a cursor this server handed out');
    const limit = parseLimit(ctx.query.limit);
    if (limit === null) return refuse(400, 'bad_limit', `limit must be a whole number from 1 to ${CHANGES_MAX_LIMIT}`);
    const rows = store.changes.after(since, limit + 1);
    const page = rows.slice(0, limit);
    const changes = page.map((row) => toChange(store, row)).filter((change) => change !== null);
    return ok({ changes, cursor: String(page.at(-1)?.seq ?? since), hasMore: rows.length > limit });
  });
}

/** No cursor means from the start; one ahead of this server's feed (another or a reset server) is refused. */
function parseCursor(raw: string | undefined, lastSeq: number): number | null {
  if (raw === undefined || raw === '') return 0;
  if (!/^\d{1,15}$/.test(raw)) return null;
  const seq = Number(raw);
  return seq <= lastSeq ? seq : null;
}

function parseLimit(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return CHANGES_DEFAULT_LIMIT;
  if (!/^\d{1,4}$/.test(raw)) return null;
  const limit = Number(raw);
  return limit >= 1 && limit <= CHANGES_MAX_LIMIT ? limit : null;
}

function toChange(store: Store, row: ChangeRow): Change | null {
  switch (row.entity) {
    case 'order': {
      const order = store.orders.byId(Number(row.ref));
      return order ? { kind: 'order', order } : null;
    }
    case 'stepState': {
      const stepState = store.stepStates.byId(row.ref);
      return stepState ? { kind: 'stepState', stepState } : { kind: 'stepStateRemoved', id: row.ref };
    }
    case 'rules':
      return { kind: 'rules', version: store.catalog.rulesVersion() };
    case 'catalog':
      return { kind: 'catalog', version: store.catalog.catalogVersion() };
  }
}
