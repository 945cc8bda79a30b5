import { z } from 'zod';
import { OrderSummary, OrderView, OutboxOperationView } from '../../common/entities.ts';
import { IPC_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../common/host-socket.ts';
import { commands, events, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type CommandDef } from '../../common/ipc-contract.ts';
import { SCREEN_REFUSAL_CODES, TERMINAL_REFUSAL_CODES } from '../../common/refusals.ts';
import { shellCommands } from '../../common/shell-commands.ts';

/** Shapes returned by many commands: described once under "Types" and named where used. */
const namedTypes: ReadonlyArray<[string, z.ZodType]> = [
  ['OrderView', OrderView],
  ['OrderSummary', OrderSummary],
  ['OutboxOperationView', OutboxOperationView],
];

function describeOutput(schema: z.ZodType): string {
  for (const [name, type] of namedTypes) {
    if (schema === type) return `\`${name}\` (see Types)\n`;
    if (schema instanceof z.ZodArray && schema.element === type) return `an array of \`${name}\` (see Types)\n`;
  }
  return fence(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }));
}

/** One command's section: its name, what it does, its input and output. */
function describeCommand(out: string[], name: string, summary: string, def: { input: z.ZodType; output: z.ZodType }): void {
  out.push(`### \`${name}\``);
  out.push('');
  out.push(summary);
  out.push('');
  out.push('Input:');
  out.push('');
  out.push(fence(z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' })));
  out.push('Output (`value`):');
  out.push('');
  out.push(describeOutput(def.output));
}

/** Renders docs/ipc.md from the contract itself, so the document cannot drift from the code. */
export function renderIpcDocs(): string {
  const out: string[] = [];
  out.push('# Counter POS — IPC contract');
  out.push('');
  out.push('<!-- Generated from common/ipc-contract.ts by `npm run docs:ipc`; a test fails when it is out of date. -->');
  out.push('');
  out.push('Every command is one request and one answer. In Electron the renderer calls `window.pos.invoke(name, input)`');
  out.push(`(channel \`${IPC_INVOKE_CHANNEL}\`); the browser host carries the same messages over a WebSocket at \`/ipc\``);
  out.push('(`{"id", "name", "input"}` → `{"id", "result"}`). Main validates every input against the schema below.');
  out.push('');
  out.push('Every answer is `{"ok": true, "value": …}` or `{"ok": false, "error": {"code": "…", "message": "…", "params": {…}}}`:');
  out.push('`message` is English; `params`, when present, is what the refusal names (amounts as `{"minor", "currency"}`),');
  out.push('from which the UI says it in the staff\'s language. A refusal\'s `code` is one of (common/refusals.ts):');
  out.push(`${TERMINAL_REFUSAL_CODES.map((c) => `\`${c}\``).join(', ')}; the screen adds its own, never sent over IPC, for a call`);
  out.push(`that never reached the terminal or whose answer was lost: ${SCREEN_REFUSAL_CODES.map((c) => `\`${c}\``).join(', ')}.`);
  out.push('What holds sync up has the same shape (a problem, common/problem.ts):');
  out.push('an operation\'s `lastError`, `sync.status`\'s `lastError`, an order\'s `blockedReason` and a notification\'s `detail`');
  out.push('(sync notices, a restored copy), with codes from main/sync/sync-problems.ts. A reason stored before these codes, and a');
  out.push('cancelled operation\'s (no screen lists those), reads as `unexplained`, its English sentence kept; a notification');
  out.push('stored before them has `detail: null`.');
  out.push('An invalid input answers `invalid_input` with a message naming the field (the first one also as `params.field`, its');
  out.push('last segment as `params.reason`), and changes nothing. Money is always');
  out.push('an integer number of minor units (cents) of the order\'s currency. On a self-service kiosk the commands marked');
  out.push('*staff only* answer `staff_only` until the admin PIN opens a staff session (`staff.unlock`); each staff');
  out.push('action keeps the session open for another idle period, a staff read (which the screens repeat) does not.');
  out.push('');
  out.push(`Events arrive through \`window.pos.on(event, listener)\` (channel \`${IPC_EVENT_CHANNEL}\`; over the WebSocket as \`{"event", "payload"}\`).`);
  out.push('');
  out.push('**Tools using the browser host\'s WebSocket** (common/host-socket.ts): the host makes a new random token at each start');
  out.push('and gives it out only in the address it prints (`npm start`: `Open http://127.0.0.1:5174/#t=<token> in a browser`).');
  out.push(`A tool takes the token from that address and offers it as the subprotocol \`${TOKEN_PROTOCOL_PREFIX}<token>\` beside`);
  out.push(`\`${IPC_PROTOCOL}\` (\`Sec-WebSocket-Protocol: ${IPC_PROTOCOL}, ${TOKEN_PROTOCOL_PREFIX}<token>\`), with the Origin of the page the`);
  out.push(`host serves (\`http://127.0.0.1:<port>\`); the host answers with \`${IPC_PROTOCOL}\`. Without the token, or with a token of an`);
  out.push('earlier start, the upgrade is refused `401`; from another Origin or Host, `403`.');
  out.push('');
  out.push('## Commands');
  out.push('');
  for (const [name, def] of Object.entries(commands) as Array<[string, CommandDef]>) {
    describeCommand(out, name, def.staff ? `${def.summary} *Staff only on a kiosk.*` : def.staffRead ? `${def.summary} *Staff only on a kiosk (a read).*` : def.summary, def);
  }
  out.push('## Commands of the desktop shell');
  out.push('');
  out.push('Answered by the Electron shell itself (same channel, same answer shape), not by the terminal services');
  out.push('(common/shell-commands.ts). A kiosk offers all three; a counter `shell.capabilities` only; the browser host none');
  out.push('(`unknown_command`, which the screen reads as nothing offered).');
  out.push('');
  for (const [name, def] of Object.entries(shellCommands)) describeCommand(out, name, def.summary, def);
  out.push('## Events');
  out.push('');
  for (const [name, def] of Object.entries(events)) {
    out.push(`### \`${name}\``);
    out.push('');
    out.push(def.summary);
    out.push('');
    out.push(fence(z.toJSONSchema(def.payload, { io: 'output', unrepresentable: 'any' })));
  }
  out.push('## Types');
  out.push('');
  for (const [name, type] of namedTypes) {
    out.push(`### ${name}`);
    out.push('');
    out.push(fence(z.toJSONSchema(type, { io: 'output', unrepresentable: 'any' })));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function fence(schema: unknown): string {
  const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
  return `\`\`\`json\n${JSON.stringify(rest, null, 2)}\n\`\`\`\n`;
}
