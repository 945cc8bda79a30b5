import type { OutboxKind } from '../../common/entities.ts';
import { formatMoney } from '../../common/money.ts';
import type { MoneyParam, Problem } from '../../common/problem.ts';
import { overriddenText, type Overridden } from './merge.ts';

/**
 * What the sync engine records when an operation, an order or the pull is held up: each problem's
 * code, the facts it names and its English sentence, made in one place. The UI says them in the
 * staff's language from `syncProblem.<code>[.<reason>]` (renderer/shared/error-text.ts).
 */

const money = (m: MoneyParam) => formatMoney(m.minor, m.currency);

/** No answer came (refused connection, dropped socket, timeout): the same request goes again. */
export const noAnswer = (detail: string): Problem => ({ code: 'no_answer', params: { detail }, message: `no answer: ${detail}` });

/** 5xx or 429: the server may or may not have done it; the same request goes again. */
export const serverBusy = (httpStatus: number): Problem => ({ code: 'server_busy', params: { httpStatus }, message: `server answered ${httpStatus}` });

/** 409 `idempotency_key_in_progress`: the first attempt is still running there. */
export const stillProcessing = (): Problem => ({ code: 'in_progress', message: 'the server is still processing this request' });

/** 401: the device's token is not accepted (tried again later). */
export const tokenRefused = (detail: string): Problem => ({
  code: 'token_refused',
  params: { detail },
  message: `the server refused this device's token (${detail})`,
});

/** A definite refusal (400/404/422 …), with the server's code and sentence. */
export const refused = (serverCode: string, detail: string): Problem =>
  serverCode === 'malformed_response'
    ? { code: 'malformed_answer', params: { detail }, message: `${serverCode}: ${detail}` }
    : { code: 'refused', params: { serverCode, detail }, message: `${serverCode}: ${detail}` };

/** The notice of a definite refusal: the operation it refused named too. */
export function refusedNotice(kind: OutboxKind, serverCode: string, detail: string): Problem {
  const base = refused(serverCode, detail);
  return { code: base.code, params: { ...base.params, kind, reason: 'notice' }, message: `The server refused ${kind} (${serverCode}): ${detail}` };
}

/** A 423 (or other locking refusal) no recovery applies to. */
export const lockedRefusal = (kind: OutboxKind, serverCode: string, detail: string): Problem => ({
  code: 'locked',
  params: { kind, serverCode, detail },
  message: `the server refused ${kind}: ${serverCode} — ${detail}`,
});

/** 423 `order_final`: closed or deleted elsewhere (the server's copy is fetched to tell which). */
export const orderFinal = (detail: string): Problem => ({
  code: 'order_final',
  params: { detail },
  message: `the order is final on the server (closed or deleted elsewhere): ${detail}`,
});

/** Sent before with a body no longer known: another body under its key would be refused. */
export const requestMissing = (requestId: number): Problem => ({
  code: 'request_missing',
  params: { requestId },
  message: `the request frozen at its first attempt (${requestId}) is missing`,
});

export const requestUnbuildable = (detail: string): Problem => ({
  code: 'request_unbuildable',
  params: { detail },
  message: `could not build the request: ${detail}`,
});

/**
 * The server's answer to an operation could not be recorded here (writing it threw): the
 * operation is parked as Failed, for the staff to retry or discard, and the other orders go on.
 */
export const answerUnrecorded = (kind: OutboxKind, detail: string): Problem => ({
  code: 'answer_unrecorded',
  params: { kind, detail },
  message: `the server's answer to ${kind} could not be recorded here: ${detail}`,
});

/** 412 carrying an order older than one learned since: nothing merged, sent again. */
export const resentOverOlder = (version: number, known: number): Problem => ({
  code: 'resent',
  params: { version, known },
  message: `412 answered with version ${version}, older than version ${known} known here: sent again`,
});

/** 412: merged with the server's order and sent again on top of it, keeping `kept` from here. */
export const rebased = (version: number, kept: readonly string[]): Problem =>
  kept.length > 0
    ? { code: 'rebased', params: { reason: 'kept', version, kept: kept.join(', ') }, message: `412: re-based on server version ${version}; kept local ${kept.join(', ')}` }
    : { code: 'rebased', params: { version }, message: `412: re-based on server version ${version}` };

export const retriedByStaff = (): Problem => ({ code: 'staff_retried', message: 'retried by the staff' });
/** Discarded by the staff; `restored`: the fields the order took back from the server's copy (discard.ts). */
export const discardedByStaff = (restored: readonly string[] = []): Problem => ({
  code: 'staff_discarded',
  message: restored.length > 0 ? `discarded by the staff; the server's ${restored.join(', ')} put back` : 'discarded by the staff',
});

/** An operation cancelled because the lane was re-sequenced (a refusal, or a recovery before it). */
export const superseded = (why: 'refused' | 'recovery'): Problem => ({
  code: 'superseded',
  params: { reason: why },
  message: why === 'refused' ? 'superseded: re-sequenced after the server refused it' : 'superseded: re-sequenced behind a recovery',
});

/**
 * Why an order the server made final (no sale here) is Blocked: the money to refund, or the
 * edits the server never took.
 */
export function serverFinal(status: 'Deleted' | 'Done', held: MoneyParam, restoredFrom?: string, unresolved?: MoneyParam): Problem {
  if (status === 'Done' && held.minor !== 0 && restoredFrom !== undefined) {
    // This terminal started from a copy taken before: the sale may well have been made here, after
    // the copy, and lost with the file it replaced. Refunding would pay the customer back for goods
    // they paid for once.
    return {
      code: 'server_final',
      params: { reason: 'done_after_restore', held, takenAt: restoredFrom },
      message:
        `the order was completed on the server, and this terminal started from the backup copy of ${restoredFrom}: it may have ` +
        `been sold here after that copy. Check the receipts before refunding the ${money(held)} held here`,
    };
  }
  const what = status === 'Deleted' ? 'deleted on the server' : 'completed elsewhere';
  const where = status === 'Deleted' ? 'deleted' : 'done';
  if (held.minor === 0 && unresolved !== undefined && unresolved.minor !== 0) {
    // A card or gift-card charge whose outcome is not known yet: it may have taken the money.
    return {
      code: 'server_final',
      params: { reason: `${where}_unresolved`, unresolved },
      message:
        `the order was ${what} while a charge of ${money(unresolved)} made here is unresolved: reconcile it, ` +
        'and refund here what it took; the money is kept on record',
    };
  }
  if (held.minor === 0) {
    return {
      code: 'server_final',
      params: { reason: `${where}_unsent` },
      message: `the order was ${what}; the edits made here were not sent (Take the server's order to drop them)`,
    };
  }
  return {
    code: 'server_final',
    params: { reason: `${where}_held`, held },
    message:
      status === 'Deleted'
        ? `the order was deleted on the server while this terminal holds ${money(held)} in payments; the money is kept on record here — refund it, or ask the back office`
        : `the order was completed elsewhere while this terminal holds ${money(held)} in payments: refund them here`,
  };
}

/** A sale made here waits, Blocked: another terminal sold the order, so the customer paid twice. */
export function doubleSale(held: MoneyParam, detail?: string): Problem {
  const sentence = `another terminal already sold this order: the customer may have paid twice — refund ${money(held)} here`;
  return detail === undefined
    ? { code: 'double_sale', params: { held }, message: sentence }
    : { code: 'double_sale', params: { held, detail }, message: `${sentence} (${detail})` };
}

/**
 * A deletion refused `423 sale_exists`: another terminal sold the order, so the deletion made here
 * was not applied. With nothing held here, the server's order stands and the staff are told
 * (`reason: 'deletion'`); with money held here, the order waits, Blocked, for the staff to refund
 * it (`reason: 'deletion_held'`). Not a double sale: nothing was sold here.
 */
export function soldElsewhere(held?: MoneyParam): Problem {
  return held === undefined || held.minor === 0
    ? { code: 'sold_elsewhere', params: { reason: 'deletion' }, message: "another terminal sold this order: the deletion made here was not applied; the server's order stands" }
    : {
        code: 'sold_elsewhere',
        params: { reason: 'deletion_held', held },
        message: `another terminal sold this order: the deletion made here was not applied, and this terminal holds ${money(held)} for it — refund it here`,
      };
}

/** A 2xx or 412 answer about another order than the operation's: nothing of it is taken, the operation is parked. */
export const otherOrderAnswer = (kind: OutboxKind, order: number, clientId: string): Problem => ({
  code: 'malformed_answer',
  params: { reason: 'other_order', kind, order, clientId },
  message: `the server answered ${kind} with order ${order} (${clientId}), not this one: nothing of its answer was taken`,
});

/** The pull's own problems (the sync panel's last error when no operation has one). */
export const pullNoAnswer = (detail: string): Problem => ({ code: 'pull_no_answer', params: { detail }, message: `pull: no answer (${detail})` });
export const pullFailed = (detail: string): Problem => ({ code: 'pull_failed', params: { detail }, message: `pull failed: ${detail}` });
export const badCursor = (): Problem => ({ code: 'bad_cursor', message: 'pull: the server refused the cursor; pulling everything again' });

/**
 * A pulled change this terminal could not take (taking it threw): skipped, its order left as it
 * is here, and the rest of the page taken. `order` is the order's number, when it is an order.
 */
export const changeSkipped = (detail: string, order?: string): Problem =>
  order === undefined
    ? { code: 'change_skipped', params: { detail }, message: `pull: a change could not be taken here and was skipped: ${detail}` }
    : { code: 'change_skipped', params: { reason: 'order', order, detail }, message: `pull: order ${order} could not be taken here and was left as it is: ${detail}` };

/**
 * A pulled step state whose `orderId` names another order than the one its shipment belongs to
 * here (`shipmentOrder`): which order it is about cannot be told, so it is taken for neither and
 * kept until the server sends it right (pull-step-states.ts).
 */
export const stepStateOtherOrder = (stepState: { id: string; shipmentId: string; orderId: number }, shipmentOrder: number): Problem => ({
  code: 'unexpected_answer',
  params: {
    reason: 'step_state_order',
    answer: 200,
    order: stepState.orderId,
    shipmentOrder,
    detail: `stepState ${stepState.id}: orderId ${stepState.orderId}, but shipment ${stepState.shipmentId} belongs to order ${shipmentOrder}`,
  },
  message:
    `step state ${stepState.id}: names order ${stepState.orderId}, but its shipment ${stepState.shipmentId} belongs to order ${shipmentOrder}; ` +
    'taken for neither order until the server sends it right',
});

/** What a GET asked for: the changes, one order, the rule set or the catalog. */
export type Asked = { what: 'pull' } | { what: 'order'; serverId: number } | { what: 'rules' | 'catalog'; path: string };

/** An answer to a GET that is not what was asked for (its status, or why none came). */
export function unexpectedAnswer(asked: Asked, answer: number | string, detail?: string): Problem {
  const name = asked.what === 'pull' ? 'pull' : asked.what === 'order' ? `order ${asked.serverId}` : asked.path;
  const params = { reason: asked.what, answer, ...(asked.what === 'order' ? { order: asked.serverId } : {}), ...(detail === undefined ? {} : { detail }) };
  return { code: 'unexpected_answer', params, message: `${name}: unexpected answer ${answer}${detail === undefined ? '' : ` (${detail})`}` };
}

/** Sync's notices (beside the headline each kind has): a sale's lines put back over changes made elsewhere. */
export const saleOverrode = (receipt: string, overridden: readonly Overridden[]): Problem => ({
  code: 'sale_overrode',
  params: { receipt, lines: [...new Set(overridden.map((o) => `${o.sku} (${o.name})`))].join(', ') },
  message: `Sale ${receipt} kept its lines over changes made elsewhere: ${overridden.map(overriddenText).join('; ')}`,
});

/** A deletion made here that the server's completed order overtook (nothing held here). */
export const overtakenDeletion = (): Problem => ({
  code: 'overtaken_deletion',
  message: "the order was completed elsewhere before its deletion here reached the server: the server's completed order stands",
});

/** Why a sale made here is void: the server would not take it, and its money was refunded here. */
export const saleVoided = (why: 'deleted' | 'sold_elsewhere'): Problem => ({
  code: 'sale_void',
  params: { reason: why },
  message: `${why === 'deleted' ? 'the order was deleted on the server' : 'another terminal sold the order'}; the payments taken here were refunded`,
});
