/** What the Sync tab tells from any screen: whether the server is reached, what waits, what needs the staff. */
export interface SyncGlance {
  online: boolean;
  /** Operations waiting to be sent. */
  waiting: number;
  /** Failed and Blocked operations: they wait for the staff (or for the order to be settled). */
  attention: number;
}

export function glanceOf(counts: { pending: number; failed: number; blocked: number }, online: boolean): SyncGlance {
  return { online, waiting: counts.pending, attention: counts.failed + counts.blocked };
}
