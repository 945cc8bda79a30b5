import type { IpcError } from '../../common/ipc-contract.ts';
import { formatMoney } from '../../common/money.ts';
import { strings, translate, type StringKey } from '../i18n.ts';
import type { I18n } from '../use-i18n.ts';

const isKey = (key: string): key is StringKey => Object.hasOwn(strings.en, key);

/**
 * A refusal in the staff's language: the `error.<code>.<reason>` or `error.<code>` string filled
 * with the error's params (amounts in the reader's format), or the terminal's own English
 * sentence for a code without words here, or one whose words need something it did not name.
 */
export function errorText(i18n: Pick<I18n, 'lang' | 'locale'>, error: IpcError): string {
  const params = error.params ?? {};
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    vars[name] = typeof value === 'object' ? formatMoney(value.minor, value.currency, i18n.locale) : value;
  }
  const reason = typeof params.reason === 'string' ? `error.${error.code}.${params.reason}` : null;
  for (const key of [reason, `error.${error.code}`]) {
    if (key === null || !isKey(key)) continue;
    const text = translate(i18n.lang, key, vars);
    return /\{\w+\}/.test(text) ? error.message : text;
  }
  return error.message;
}
