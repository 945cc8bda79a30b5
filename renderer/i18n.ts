/**
 * Every string the UI shows: in English in i18n-en-*.ts, one file per area of the UI, and in Russian
 * and Spanish in i18n-ru.ts and i18n-es.ts. `{name}` marks a placeholder.
 */

import { enDeliveries } from './i18n-en-deliveries.ts';
import { enOrders } from './i18n-en-orders.ts';
import { enPayments } from './i18n-en-payments.ts';
import { enRefusals } from './i18n-en-refusals.ts';
import { enSettings } from './i18n-en-settings.ts';
import { enSync } from './i18n-en-sync.ts';
import { enSyncProblems } from './i18n-en-sync-problems.ts';
import { es } from './i18n-es.ts';
import { ru } from './i18n-ru.ts';

export const languages = ['en', 'ru', 'es'] as const;
export type Lang = (typeof languages)[number];

/** The English words, one file per area of the UI (i18n-en-*.ts); no key is in two of them (i18n.test.ts). */
const en = { ...enOrders, ...enPayments, ...enSync, ...enDeliveries, ...enSettings, ...enRefusals, ...enSyncProblems } as const;

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;

export const strings: Record<Lang, Strings> = { en, ru, es };

export function translate(lang: Lang, key: StringKey, vars: Record<string, string | number> = {}): string {
  return strings[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
