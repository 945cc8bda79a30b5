/** How staff refer to an order: the server's number once known, else the end of its client id. */
export function orderNumber(order: { serverId: number; clientId: string }): string {
  return order.serverId > 0 ? String(order.serverId) : order.clientId.slice(-6).toUpperCase();
}

/**
 * An order's label as the screens show it ("Order #4", "Заказ №4", "Pedido n.º 4", or "#4"),
 * typed into a search: the number it shows. The words are the UI's `orders.number` in each
 * language (renderer/i18n.test.ts checks them); other text is left as typed.
 */
const LABEL = /^(?:(?:order|заказ|pedido)\s*(?:#|№|n\.?\s*[º°])|#|№|(?:order|заказ|pedido)\s+(?=[\p{Nd}a-f-]+$))\s*/iu;

export function orderSearchText(typed: string): string {
  return typed.trim().replace(LABEL, '');
}

/** Shortest end of a client id a search matches (the number shown is its last six): fewer characters match most orders. */
export const CLIENT_ID_SEARCH_MIN = 4;
