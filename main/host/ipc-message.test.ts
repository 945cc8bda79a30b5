import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './ipc-message.ts';

describe('parseClientMessage', () => {
  it('accepts { id, name, input }', () => {
    expect(parseClientMessage('{"id":1,"name":"orders.listActive","input":{}}')).toEqual({ ok: true, message: { id: 1, name: 'orders.listActive', input: {} } });
    expect(parseClientMessage('{"id":"a","name":"outbox.summary"}')).toMatchObject({ ok: true });
  });

  it.each([
    ['not json', 'message is not valid JSON', null],
    ['[1,2]', 'bad message: ', null],
    ['{"id":1}', 'name', 1],
    ['{"id":1.5,"name":"x"}', 'id', null],
    ['{"id":"q","name":42}', 'name', 'q'],
    ['{"id":2,"name":"x","extra":true}', 'extra', 2],
  ])('answers %s with an error naming the problem', (raw, mention, id) => {
    const parsed = parseClientMessage(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reply.id).toBe(id);
    expect(parsed.reply.result).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(!parsed.reply.result.ok && parsed.reply.result.error.message).toContain(mention);
  });
});
