import { Order } from '../../common/backend-api.ts';

/** What of an order row tells whether the server made it final while it is Blocked here. */
export interface ServerFinalFacts {
  server_base: string | null;
  sync_status: string;
}

/**
 * The server's copy of an order that is Blocked here because the server made it final (deleted,
 * or completed elsewhere), or undefined. Pure: the row's own columns decide.
 */
export function serverFinalCopy(row: ServerFinalFacts | undefined): (Order & { status: 'Deleted' | 'Done' }) | undefined {
  if (!row?.server_base || row.sync_status !== 'Blocked') return undefined;
  const server = Order.safeParse(JSON.parse(row.server_base));
  if (!server.success) return undefined;
  const { status } = server.data;
  return status === 'Deleted' || status === 'Done' ? { ...server.data, status } : undefined;
}
