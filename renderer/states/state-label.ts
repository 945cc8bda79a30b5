import type { StringKey } from '../i18n.ts';

/** The order states the built-in rules derive, with their UI strings; a server's own rule states show as named. */
const KNOWN: Readonly<Record<string, StringKey>> = {
  InDelivery: 'status.InDelivery',
  Delayed: 'status.Delayed',
  Delivered: 'orderState.Delivered',
};

export function stateLabel(t: (key: StringKey) => string, state: string): string {
  const key = KNOWN[state];
  return key ? t(key) : state;
}
