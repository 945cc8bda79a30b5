import type { Sqlite } from '../db/connection.ts';

/** What a row of the changes feed points at; `stepState` covers both added and removed. */
export type ChangedEntity = 'order' | 'stepState' | 'rules' | 'catalog';

export interface ChangeRow {
  seq: number;
  entity: ChangedEntity;
  ref: string;
}

/**
 * The changes feed's log, written in the same transaction as each change. An entity has one
 * row, moved to a new sequence number by each change (`REPLACE`), so a pull returns every
 * entity changed after the cursor once, as it is now.
 */
export function createChangeLog(sqlite: Sqlite) {
  const replace = sqlite.prepare<[string, string]>('REPLACE INTO changes (entity, ref) VALUES (?, ?)');
  const after = sqlite.prepare<[number, number], ChangeRow>(
    'SELECT seq, entity, ref FROM changes WHERE seq > ? ORDER BY seq LIMIT +?',
  );
  const lastSeq = sqlite.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'changes'");

  return {
    record(entity: ChangedEntity, ref: string | number = ''): void {
      replace.run(entity, String(ref));
    },
    after(seq: number, limit: number): ChangeRow[] {
      return after.all(seq, limit);
    },
    /** The highest sequence number ever handed out (0 before the first change). */
    lastSeq(): number {
      return lastSeq.get()?.seq ?? 0;
    },
  };
}

export type ChangeLog = ReturnType<typeof createChangeLog>;
