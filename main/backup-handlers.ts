import type { BackupsView } from '../common/settings.ts';
import { DamagedCopyError, listBackups, type DatabaseBackups } from '../db/backups.ts';
import { DomainError } from './errors.ts';
import type { Handlers } from './ipc/dispatch.ts';

function view(backups: DatabaseBackups | null, dir: string): BackupsView {
  const copies = listBackups(dir);
  const latest = copies[0];
  return {
    enabled: backups !== null,
    dir,
    latest: latest ? { file: latest.file, takenAt: new Date(latest.takenAt).toISOString() } : null,
    kept: copies.length,
    keep: backups?.keep ?? 0,
    failure: failureView(backups),
  };
}

function failureView(backups: DatabaseBackups | null): BackupsView['failure'] {
  const failure = backups?.lastFailure;
  if (!failure) return null;
  const { error } = failure;
  const damaged = error instanceof DamagedCopyError;
  return { at: new Date(failure.at).toISOString(), damaged, detail: damaged ? error.summary : error.message };
}

/** The `backups.*` commands of the IPC contract. */
export function backupHandlers(backups: DatabaseBackups | null, dir: string) {
  return {
    'backups.status': () => view(backups, dir),
    'backups.run': async () => {
      if (!backups) throw new DomainError('backups_off', 'backups are turned off on this terminal');
      try {
        await backups.backupNow();
      } catch (error) {
        if (!(error instanceof DamagedCopyError)) throw error;
        throw new DomainError('database_damaged', error.message, { detail: error.summary });
      }
      return view(backups, dir);
    },
  } satisfies Partial<Handlers>;
}
