/** `npm run docs:ipc`: writes docs/ipc.md from the IPC contract. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderIpcDocs } from '../main/ipc/ipc-docs.ts';

const target = fileURLToPath(new URL('../docs/ipc.md', import.meta.url));
writeFileSync(target, renderIpcDocs());
console.log(`wrote ${target}`);
