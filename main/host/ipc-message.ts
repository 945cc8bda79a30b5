import { z } from 'zod';
import { describeZodError } from '../ipc/dispatch.ts';
import type { Result } from '../../common/ipc-contract.ts';
import { refusal } from '../../common/refusals.ts';

/**
 * The browser host's wire format, the same contract as Electron IPC:
 * client → host `{ id, name, input }`, host → client `{ id, result }` or `{ event, payload }`.
 * The command name and input are checked by the terminal's dispatch; this checks the envelope.
 */
export const RequestId = z.union([z.string().min(1).max(100), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)], {
  error: 'must be a non-empty string or a whole number',
});

export const ClientMessage = z.strictObject({
  id: RequestId,
  name: z.string({ error: 'must be a command name such as "orders.listActive"' }).min(1).max(100),
  input: z.unknown().optional(),
});
export type ClientMessage = z.infer<typeof ClientMessage>;

export type HostReply = { id: string | number | null; result: Result<unknown> };

/** Largest message accepted from a client. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Parses one incoming frame; a bad one becomes the error reply to send, never an exception. */
export function parseClientMessage(raw: string): { ok: true; message: ClientMessage } | { ok: false; reply: HostReply } {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, reply: badMessage(null, 'message is not valid JSON') };
  }
  const parsed = ClientMessage.safeParse(data);
  if (parsed.success) return { ok: true, message: parsed.data };
  // Answer under the caller's id when that part was fine, so its promise settles.
  const id = RequestId.safeParse((data as { id?: unknown } | null)?.id);
  return { ok: false, reply: badMessage(id.success ? id.data : null, `bad message: ${describeZodError(parsed.error)}`) };
}

function badMessage(id: string | number | null, message: string): HostReply {
  return { id, result: { ok: false, error: refusal('bad_message', message) } };
}
