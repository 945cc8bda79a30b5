import type { z } from 'zod';
import { CatalogResponse, OrderStateRulesResponse } from '../../common/backend-api.ts';
import type { Problem } from '../../common/problem.ts';
import { CATALOG_SETTING } from '../catalog/catalog-service.ts';
import type { Context } from '../context.ts';
import { safeJson } from './outcome.ts';
import { errorDetail } from '../errors.ts';
import { issueText } from './pull-details.ts';
import { tokenRefusal, type PullHttp } from './pull-http.ts';
import type { PullHooks } from './puller.ts';
import { unexpectedAnswer, type Asked } from './sync-problems.ts';

/**
 * The pull's fetch of the rule set and the catalog: a pulled page that announces a newer one marks
 * it due, and it is fetched after that page (and at the start of the next pull, until it is).
 */

/**
 * Settings keys of a rule set or catalog a pulled page announced and that is not fetched yet: set
 * with that page's cursor and cleared once fetched, so neither a failed fetch nor a crash in
 * between leaves the terminal on the old one until the server publishes the next.
 */
const DUE = { rules: 'pull.rulesDue', catalog: 'pull.catalogDue' } as const;

/** What fetching them needs of the pull. */
export interface RulesCatalogPull {
  ctx: Context;
  http: PullHttp;
  hooks: Pick<PullHooks, 'rules' | 'catalog'>;
  /** A problem that does not stop the pull: the last error until the next pull (`Puller.record`). */
  record(problem: Problem): void;
  /** One transaction; the notifications it wrote are announced once it committed (`Puller.transact`). */
  transact(work: () => void): void;
}

/** Marks due the rule set and the catalog whose change kinds a page held (`DUE`); in that page's transaction. */
export function markDue(ctx: Context, kinds: ReadonlySet<string>): void {
  for (const kind of ['rules', 'catalog'] as const) {
    if (kinds.has(kind)) ctx.stores.settings.set(DUE[kind], true);
  }
}

/** Fetches the rule set and the catalog pulled pages announced, if not fetched yet (`DUE`). */
export async function fetchDue(pull: RulesCatalogPull): Promise<void> {
  const { settings } = pull.ctx.stores;
  if (pull.ctx.sqlite.open && settings.get<boolean>(DUE.rules)) await fetchRules(pull);
  if (pull.ctx.sqlite.open && settings.get<boolean>(DUE.catalog)) await fetchCatalog(pull);
}

/** Fetches the rule set (a fresh install has the built-in one until the first pull announces the server's). */
async function fetchRules(pull: RulesCatalogPull): Promise<void> {
  const asked = { what: 'rules', path: '/v2/order-state-rules' } as const;
  const rules = await fetchValid(pull, asked, OrderStateRulesResponse);
  if (!rules || !pull.ctx.sqlite.open) return;
  try {
    pull.hooks.rules?.(rules.rules, rules.version);
  } catch (error) {
    // Not taken (its writing rolled back): recorded, the pages go on, and it is fetched again.
    pull.record(unexpectedAnswer(asked, 200, errorDetail(error)));
    return;
  }
  pull.transact(() => pull.ctx.stores.settings.set(DUE.rules, false));
}

async function fetchCatalog(pull: RulesCatalogPull): Promise<void> {
  const asked = { what: 'catalog', path: '/v2/catalog' } as const;
  const catalog = await fetchValid(pull, asked, CatalogResponse);
  if (!catalog || !pull.ctx.sqlite.open) return;
  const { products, version } = catalog;
  try {
    pull.transact(() => {
      pull.ctx.stores.settings.set(CATALOG_SETTING, { version, products });
      pull.ctx.stores.settings.set(DUE.catalog, false);
    });
    pull.hooks.catalog?.(products, version);
  } catch (error) {
    // As for the rules: recorded, and the pages go on.
    pull.record(unexpectedAnswer(asked, 200, errorDetail(error)));
  }
}

/** GETs a path and validates its 200 answer; anything else is recorded as the last error. */
async function fetchValid<S extends z.ZodType>(pull: RulesCatalogPull, asked: Extract<Asked, { path: string }>, schema: S): Promise<z.output<S> | undefined> {
  const { path } = asked;
  const answer = await pull.http.get(path);
  const parsed = answer.ok && answer.status === 200 ? schema.safeParse(safeJson(answer.text)) : undefined;
  if (!parsed?.success) {
    pull.record(tokenRefusal(answer) ?? unexpectedAnswer(asked, answer.ok ? answer.status : answer.reason, parsed ? issueText(parsed.error) : undefined));
    return undefined;
  }
  return parsed.data;
}
