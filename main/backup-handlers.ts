import type { BackupsView } from '../common/settings.ts';
import { listBackups, type DatabaseBackups } from '../db/backups.ts';
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
  };
}

/** The `backups.*` commands of the IPC contract. */
export function backupHandlers(backups: DatabaseBackups | null, dir: string) {
  return {
    'backups.status': () => view(backups, dir),
    'backups.run': async () => {
      if (!backups) throw new DomainError('backups_off', 'backups are turned off on this terminal');
      await backups.backupNow();
      return view(backups, dir);
    },
  } satisfies Partial<Handlers>;
}
