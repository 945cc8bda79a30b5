/** `npm run chaos -- --seed N --sessions N`: a longer chaos run; prints the figures as JSON. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runChaos } from './chaos.ts';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, sessions: { type: 'string', default: '30' } } });
const options = z
  .object({ seed: z.coerce.number().int().min(1), sessions: z.coerce.number().int().min(1).max(10_000) })
  .safeParse(values);
if (!options.success) {
  console.error(`chaos: ${options.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(2);
}
const result = await runChaos({ ...options.data, log: (line) => process.stderr.write(`${line}\n`) });
const { details, ...summary } = result;
console.error(JSON.stringify(details, null, 2));
console.log(JSON.stringify(summary));
process.exit(result.duplicates === 0 && result.lost === 0 && result.converged ? 0 : 1);
