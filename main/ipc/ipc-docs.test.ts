import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands, events } from '../../common/ipc-contract.ts';
import { renderIpcDocs } from './ipc-docs.ts';

describe('docs/ipc.md', () => {
  const docs = readFileSync(fileURLToPath(new URL('../../docs/ipc.md', import.meta.url)), 'utf8');

  it('is what the contract generates (run `npm run docs:ipc` after changing the contract)', () => {
    expect(docs).toBe(renderIpcDocs());
  });

  it('documents every command and event', () => {
    for (const name of [...Object.keys(commands), ...Object.keys(events)]) expect(docs).toContain(`### \`${name}\``);
  });
});
