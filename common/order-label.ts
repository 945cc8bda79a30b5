/** How staff refer to an order: the server's number once known, else the end of its client id. */
export function orderNumber(order: { serverId: number; clientId: string }): string {
  return order.serverId > 0 ? String(order.serverId) : order.clientId.slice(-6).toUpperCase();
}
