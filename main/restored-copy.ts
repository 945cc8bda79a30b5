import { RESTORED_COPY_NOTIFICATION } from '../common/order-states.ts';
import { COPY_MARK_KEY, type CopyMark } from '../db/backups.ts';
import type { Context } from './context.ts';
import { NotificationStore } from './states/notification-store.ts';

/** Where a terminal started from a copy keeps which copy (settings), for as long as it runs on it. */
const RESTORED_FROM_KEY = 'backup.restoredFrom';
interface RestoredFrom {
  takenAt: string;
  at: string;
}

/**
 * The moment of the backup copy this terminal started from, when `changedAt` (an order's or an
 * operation's last change) is no later: what happened to it here after the copy may be lost
 * (sold, sent, retried). Undefined on a terminal never restored, or for a later change.
 */
export function copyTakenSince(ctx: Context, changedAt: string): string | undefined {
  const restored = ctx.stores.settings.get<RestoredFrom>(RESTORED_FROM_KEY);
  return restored && Date.parse(changedAt) <= Date.parse(restored.takenAt) ? restored.takenAt : undefined;
}

/**
 * A database put back from a backup copy (db/backups.ts marks each copy; a live database never
 * carries the mark). Its receipt sequence is the copy's, so the numbers given after the copy was
 * taken would be given again: the restored terminal numbers its receipts in a new series, under
 * a prefix no receipt has had (the base prefix, R, and the minute of the restore), and tells the
 * staff. Call in the start-up transaction: the mark goes in it, so this happens once per restore.
 * Returns the new receipt prefix, or null when the database is not a copy put back.
 */
export function adoptRestoredCopy(ctx: Context, basePrefix: string): string | null {
  const mark = ctx.stores.settings.get<CopyMark>(COPY_MARK_KEY);
  if (mark === undefined) return null;
  const nowMs = ctx.clock.now();
  const prefix = `${basePrefix}R${Math.floor(nowMs / 60_000).toString(36).toUpperCase()}`;
  ctx.stores.settings.set('receipt.prefix', prefix);
  ctx.stores.settings.delete(COPY_MARK_KEY);
  ctx.stores.settings.set(RESTORED_FROM_KEY, { takenAt: mark.takenAt, at: new Date(nowMs).toISOString() } satisfies RestoredFrom);
  // What the copy holds as not yet sent may have gone out after it (see treatAsMaybeSent). A new
  // key is safe for a create or update: the server answers a create whose order it has with
  // that order (its clientId), and an update must name the version it changes (If-Match), so one
  // that went through comes back as a conflict to merge.
  ctx.stores.outbox.treatAsMaybeSent();
  new NotificationStore(ctx.sqlite).add(
    RESTORED_COPY_NOTIFICATION,
    null,
    {
      code: 'restored_copy',
      params: { takenAt: mark.takenAt, prefix },
      message:
        `Started from the backup copy of ${mark.takenAt}: what was done here after it is not on this terminal ` +
        `(the orders the server already had come back with the next pull). New receipts are numbered ${prefix}-…`,
    },
    nowMs,
    new Date(nowMs).toISOString(),
  );
  return prefix;
}
