/**
 * The `where` of list queries filtered by order and by state (the outbox, the order-state
 * queue): the SQL fragment and its arguments, in order.
 */
export function orderAndStateFilter(filter: { orderClientId?: string | undefined; states?: readonly string[] | undefined }): { where: string; args: unknown[] } {
  const clauses: string[] = [];
  const args: unknown[] = [];
  if (filter.orderClientId) {
    clauses.push('order_client_id = ?');
    args.push(filter.orderClientId);
  }
  if (filter.states && filter.states.length > 0) {
    clauses.push(`state in (${filter.states.map(() => '?').join(', ')})`);
    args.push(...filter.states);
  }
  return { where: clauses.length > 0 ? `where ${clauses.join(' and ')}` : '', args };
}
