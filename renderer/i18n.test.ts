import { describe, expect, it } from 'vitest';
import { orderSearchText } from '../common/order-label.ts';
import { enDeliveries } from './i18n-en-deliveries.ts';
import { enOrders } from './i18n-en-orders.ts';
import { enPayments } from './i18n-en-payments.ts';
import { enRefusals } from './i18n-en-refusals.ts';
import { enSettings } from './i18n-en-settings.ts';
import { enSync } from './i18n-en-sync.ts';
import { enSyncProblems } from './i18n-en-sync-problems.ts';
import { languages, strings, translate } from './i18n.ts';
import { i18nFor } from './use-i18n.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it.each(languages.filter((l) => l !== 'en'))('%s has every English string, with the same placeholders', (lang) => {
    for (const [key, english] of Object.entries(strings.en)) {
      const text = strings[lang][key as keyof typeof strings.en];
      expect(text, key).toBeTruthy();
      expect(placeholders(text), key).toEqual(placeholders(english));
    }
  });

  it('English is the areas’ words together, each key in one area only (a second one would silently win)', () => {
    const areas = [enOrders, enPayments, enSync, enDeliveries, enSettings, enRefusals, enSyncProblems];
    const keys = areas.flatMap((area) => Object.keys(area));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(Object.keys(strings.en).sort());
  });

  it.each(languages)('%s: an order’s label typed into a search is the number it shows', (lang) => {
    for (const id of ['4', '1234', 'A1B2C3']) expect(orderSearchText(` ${translate(lang, 'orders.number', { id })} `)).toBe(id);
  });

  it('dates read day first in every language, the year whole; money as before', () => {
    const at = new Date('2026-12-02T13:30:00Z');
    const dates = languages.map((lang) => new Intl.DateTimeFormat(i18nFor(lang).locale, { dateStyle: 'short', timeZone: 'UTC' }).format(at));
    expect(dates).toEqual(['02/12/2026', '02.12.2026', '2/12/26']);
    expect(new Intl.NumberFormat(i18nFor('en').locale, { style: 'currency', currency: 'EUR' }).format(1234.5)).toBe('€1,234.50');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'editor.sold', { receipt: 'T1-000042' })).toBe('Sale complete. Receipt T1-000042.');
    expect(translate('es', 'orders.number', { id: 'AB12' })).toBe('Pedido n.º AB12');
  });
});
