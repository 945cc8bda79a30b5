import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Sqlite } from './connection.ts';

/** The part of drizzle-kit's `meta/_journal.json` this guard reads. */
const Journal = z.object({ entries: z.array(z.object({ tag: z.string(), when: z.number().int() })).min(1) });

/** The newest schema change a migrations folder holds: its tag and drizzle's time for it. */
export function newestKnownMigration(migrationsFolder: string): { tag: string; when: number } {
  const file = join(migrationsFolder, 'meta', '_journal.json');
  const parsed = Journal.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a migrations journal:\n${z.prettifyError(parsed.error)}`);
  return parsed.data.entries.reduce((newest, e) => (e.when > newest.when ? e : newest));
}

/** A database holding schema changes this build does not know. */
export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';
}

/**
 * Refuses a database written by a newer Counter POS (an older version installed again, a data
 * folder copied back): drizzle's migrator would find nothing to apply and open it as current,
 * and this build would then read and write tables whose shape it does not know. Runs before any
 * migration, reads only, so the database is left as it was.
 */
export function assertSchemaNotNewer(sqlite: Sqlite, file: string, migrationsFolder: string): void {
  const tracked = sqlite.prepare(`select 1 from sqlite_schema where type = 'table' and name = '__drizzle_migrations'`).get();
  if (tracked === undefined) return;
  const applied = sqlite.prepare<[], number | null>('select max(cast(created_at as integer)) from __drizzle_migrations').pluck().get() ?? null;
  const known = newestKnownMigration(migrationsFolder);
  if (applied === null || applied <= known.when) return;
  throw new DatabaseTooNewError(
    `The data in ${file} was written by a newer version of Counter POS: its last schema change is from ` +
      `${new Date(applied).toISOString()}, and this version knows changes up to ${known.tag} ` +
      `(${new Date(known.when).toISOString()}). Start that newer version again; nothing was changed.`,
  );
}
