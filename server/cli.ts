import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createServer } from './app.ts';
import { DEV_DEVICE_TOKENS } from './config.ts';
import { readCatalogFile, readRulesFile } from './seed.ts';

/**
 * `node server/cli.ts [--port 0] [--host 127.0.0.1] [--db .data/server.sqlite | :memory:]
 *   [--tokens till-1:tok1,till-2:tok2] [--seed-catalog file.json] [--seed-rules file.json]
 *   [--durability normal|full] [--test-mode [--fault-seed N] [--fault-plan '<json>' | file.json]]`
 *
 * Prints `counter-pos server listening on http://HOST:PORT` on stdout once it listens (details on
 * stderr), and stops cleanly on SIGTERM / SIGINT: in-flight requests finish, the database closes.
 */
const USAGE = `usage: node server/cli.ts [--port N] [--host H] [--db FILE|:memory:] [--tokens dev:token,...]
  [--seed-catalog FILE] [--seed-rules FILE] [--durability normal|full]
  [--test-mode] [--fault-seed N] [--fault-plan JSON|FILE]

  --port N                  port to listen on (default 0: any free port)
  --host H                  address to listen on (default 127.0.0.1)
  --db FILE|:memory:        database, created with its folder (default .data/server.sqlite)
  --tokens dev:token,...    device ids and their bearer tokens
                            (default till-1, till-2, kiosk-1 with dev-token-<device id>)
  --seed-catalog FILE       products to sell, {"products":[...]} or a bare array (default: a built-in cafe catalog)
  --seed-rules FILE         order-state rules, {"rules":[...]} or a bare array (default: rules R1-R3)
  --durability normal|full  synchronous=NORMAL or FULL for every commit (default normal)
  --test-mode               fault injection and the /__test/ endpoints
  --fault-seed N, --fault-plan JSON|FILE
                            faults to inject (test mode only; default none)
More in server/README.md.`;

const Tokens = z
  .string()
  .transform((text) => text.split(',').filter((pair) => pair.trim() !== ''))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\S+$/, { error: 'each entry must be deviceId:token' })).min(1))
  .transform((pairs) => Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)])));

const CliArgs = z
  .strictObject({
    port: z.coerce.number().pipe(z.int().min(0).max(65535)).default(0),
    host: z.string().min(1).default('127.0.0.1'),
    db: z.string().min(1).default('.data/server.sqlite'),
    tokens: Tokens.optional(),
    'seed-catalog': z.string().optional(),
    'seed-rules': z.string().optional(),
    durability: z.enum(['normal', 'full']).default('normal'),
    'test-mode': z.boolean().default(false),
    'fault-seed': z.coerce.number().pipe(z.int()).optional(),
    'fault-plan': z.string().optional(),
    help: z.boolean().default(false),
  })
  .refine((args) => args['test-mode'] || (args['fault-seed'] === undefined && args['fault-plan'] === undefined), {
    error: '--fault-seed and --fault-plan need --test-mode',
  });

function readFaultPlan(value: string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  const text = value.trimStart().startsWith('{') ? value : readFileSync(value, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      tokens: { type: 'string' },
      'seed-catalog': { type: 'string' },
      'seed-rules': { type: 'string' },
      durability: { type: 'string' },
      'test-mode': { type: 'boolean' },
      'fault-seed': { type: 'string' },
      'fault-plan': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const parsed = CliArgs.safeParse(values);
  if (!parsed.success) throw new Error(`${z.prettifyError(parsed.error)}\n${USAGE}`);
  const args = parsed.data;
  if (args.help) {
    console.log(USAGE);
    return;
  }

  const faultPlan = readFaultPlan(args['fault-plan']);
  if (args['fault-seed'] !== undefined) faultPlan.seed = args['fault-seed'];
  const server = await createServer({
    port: args.port,
    host: args.host,
    db: args.db,
    tokens: args.tokens ?? { ...DEV_DEVICE_TOKENS },
    catalog: args['seed-catalog'] === undefined ? undefined : readCatalogFile(args['seed-catalog']),
    rules: args['seed-rules'] === undefined ? undefined : readRulesFile(args['seed-rules']),
    durability: args.durability,
    testMode: args['test-mode'],
    faults: args['test-mode'] ? faultPlan : undefined,
  });

  const stop = (signal: string) => {
    console.error(`counter-pos server: ${signal}, stopping`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('counter-pos server: failed to stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  // Printed once the signal handlers are in place: whoever reads the line may stop us at once.
  console.log(`counter-pos server listening on ${server.url}`);
  console.error(
    `counter-pos server: db ${args.db}, ${server.durability}, devices ${Object.keys(server.tokens).join(', ')}` +
      (server.testMode ? ', TEST MODE (fault injection and /__test/ enabled)' : ''),
  );
}

main().catch((error: unknown) => {
  console.error(`counter-pos server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
