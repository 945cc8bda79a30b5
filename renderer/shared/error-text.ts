import { formatMoney } from '../../common/money.ts';
import type { Problem } from '../../common/problem.ts';
import { strings, translate, type StringKey } from '../i18n.ts';
import type { I18n } from '../use-i18n.ts';

const isKey = (key: string): key is StringKey => Object.hasOwn(strings.en, key);

/** Params named by a code the UI has a label for: an outbox operation's kind, an order's status, a setting. */
const LABELLED: Readonly<Record<string, string>> = { kind: 'outboxKind', status: 'status', from: 'status', to: 'status', field: 'settings' };
/** Params that are a moment (ISO 8601): said as the reader's date and time. */
const DATES: ReadonlySet<string> = new Set(['takenAt', 'createdAt']);

/** Params whose text is the machine's (a network error, an exception, a parse failure): kept off the screen by words that leave them out. */
const TECHNICAL: readonly string[] = ['detail', 'answer'];

type Namespace = 'error' | 'syncProblem' | 'noticeDetail' | 'cardProblem';

/**
 * A problem in the staff's language: the `<namespace>.<code>.<reason>` or `<namespace>.<code>`
 * string filled with the problem's params (amounts, numbers and moments in the reader's format,
 * a kind, status or setting by its label), or the terminal's own English sentence for a code
 * without words here, or one whose words need something it did not name. `words` is false for
 * that sentence, and `left` names the technical facts the words leave out.
 */
function problemWords(i18n: Pick<I18n, 'lang' | 'locale'>, problem: Problem, namespace: Namespace): { text: string; words: boolean; left: string[] } {
  const params = problem.params ?? {};
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    const label = `${LABELLED[name] ?? ''}.${String(value)}`;
    if (typeof value === 'object') vars[name] = formatMoney(value.minor, value.currency, i18n.locale);
    else if (DATES.has(name)) vars[name] = new Date(value).toLocaleString(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' });
    else if (typeof value === 'number') vars[name] = new Intl.NumberFormat(i18n.locale, { useGrouping: false, maximumFractionDigits: 3 }).format(value);
    else vars[name] = isKey(label) ? translate(i18n.lang, label) : value;
  }
  const reason = typeof params.reason === 'string' ? `${namespace}.${problem.code}.${params.reason}` : null;
  for (const key of [reason, `${namespace}.${problem.code}`]) {
    if (key === null || !isKey(key)) continue;
    const used = [...strings[i18n.lang][key].matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
    if (!used.every((name) => name !== undefined && name in vars)) break;
    return { text: translate(i18n.lang, key, vars), words: true, left: TECHNICAL.filter((name) => name in params && !used.includes(name)) };
  }
  return { text: problem.message, words: false, left: [] };
}

function problemText(i18n: Pick<I18n, 'lang' | 'locale'>, problem: Problem, namespace: Namespace): string {
  return problemWords(i18n, problem, namespace).text;
}

/** A refused command (`error.<code>[.<reason>]` strings). */
export function errorText(i18n: Pick<I18n, 'lang' | 'locale'>, error: Problem): string {
  return problemText(i18n, error, 'error');
}

/** Why sync is held up: an operation's last error, the pull's, an order's Blocked reason (`syncProblem.*`). */
export function syncProblemText(i18n: Pick<I18n, 'lang' | 'locale'>, problem: Problem): string {
  return problemText(i18n, problem, 'syncProblem');
}

/**
 * What support may want of a sync problem whose words leave the machine's detail out (a network
 * error, an exception): the terminal's own sentence, for the element's tooltip. Undefined when the
 * screen already says all of it.
 */
export function syncProblemTooltip(i18n: Pick<I18n, 'lang' | 'locale'>, problem: Problem): string | undefined {
  const { words, left } = problemWords(i18n, problem, 'syncProblem');
  return words && left.length > 0 ? problem.message : undefined;
}

/** A notification's detail that is not sync's (`noticeDetail.*`): a restored copy's. */
export function noticeText(i18n: Pick<I18n, 'lang' | 'locale'>, problem: Problem): string {
  return problemText(i18n, problem, 'noticeDetail');
}

/** Why a card charge is unresolved, as its attempt keeps it (`cardProblem.*`). */
export function cardProblemText(i18n: Pick<I18n, 'lang' | 'locale'>, problem: Problem): string {
  return problemText(i18n, problem, 'cardProblem');
}
