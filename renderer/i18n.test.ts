import { describe, expect, it } from 'vitest';
import { orderSearchText } from '../common/order-label.ts';
import { languages, strings, translate } from './i18n.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it.each(languages.filter((l) => l !== 'en'))('%s has every English string, with the same placeholders', (lang) => {
    for (const [key, english] of Object.entries(strings.en)) {
      const text = strings[lang][key as keyof typeof strings.en];
      expect(text, key).toBeTruthy();
      expect(placeholders(text), key).toEqual(placeholders(english));
    }
  });

  it.each(languages)('%s: an order’s label typed into a search is the number it shows', (lang) => {
    for (const id of ['4', '1234', 'A1B2C3']) expect(orderSearchText(` ${translate(lang, 'orders.number', { id })} `)).toBe(id);
  });

  it('fills placeholders', () => {
    expect(translate('en', 'editor.sold', { receipt: 'T1-000042' })).toBe('Sale complete. Receipt T1-000042.');
    expect(translate('es', 'orders.number', { id: 'AB12' })).toBe('Pedido n.º AB12');
  });
});
