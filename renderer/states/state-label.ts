import type { StringKey } from '../i18n.ts';

/** The order states the built-in rules derive, with their UI strings; a server's own rule states show as named. */
const KNOWN: Readonly<Record<string, StringKey>> = {
  InDelivery: 'status.InDelivery',
  Delayed: 'status.Delayed',
  Delivered: 'orderState.Delivered',
};

/** The notice codes of the built-in rules (main/states/rules.ts), with their UI strings. */
const KNOWN_STEPS: Readonly<Record<string, StringKey>> = {
  dispatched: 'step.dispatched',
  delayed: 'step.delayed',
  delivered: 'step.delivered',
};

export function stateLabel(t: (key: StringKey) => string, state: string): string {
  const key = KNOWN[state];
  return key ? t(key) : state;
}

/**
 * A shipment notice's code in the staff's language, or null for a code the built-in rules do
 * not use: carriers send an open set, shown as sent.
 */
export function stepLabel(t: (key: StringKey) => string, code: string): string | null {
  const key = KNOWN_STEPS[code];
  return key ? t(key) : null;
}
