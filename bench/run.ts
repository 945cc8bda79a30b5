/**
 * `npm run bench` runs every benchmark; `npm run bench -- local` (or drain, states) runs one.
 * Each prints JSON lines with its figures and the baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const known = ['local', 'drain', 'states'];
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !known.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  process.exit(2);
}
let failed = false;
for (const name of asked.length > 0 ? asked : known) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.error(`benchmark ${name} is not written yet (${file})`);
    failed = true;
    continue;
  }
  const run = spawnSync(process.execPath, [file], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
