import { z } from 'zod';
import { OrderStateRule, Product } from '../common/backend-api.ts';
import { FaultPlan } from './faults.ts';

/** Device tokens used when none are configured (development and tests): deviceId → token. */
export const DEV_DEVICE_TOKENS: Readonly<Record<string, string>> = {
  'till-1': 'dev-token-till-1',
  'till-2': 'dev-token-till-2',
  'kiosk-1': 'dev-token-kiosk-1',
};

export const ServerOptions = z
  .strictObject({
    /** 0 picks a free port. */
    port: z.int().min(0).max(65535).default(0),
    host: z.string().min(1).default('127.0.0.1'),
    /** Database file (created with its folder), or `:memory:`. */
    db: z.string().min(1).default(':memory:'),
    /** deviceId → bearer token. */
    tokens: z
      .record(z.string().min(1), z.string().min(1))
      .default({ ...DEV_DEVICE_TOKENS }),
    /** Replace the stored catalog / rule set at start (defaults seed a new database). */
    catalog: z.array(Product).optional(),
    rules: z.array(OrderStateRule).optional(),
    /** Enables fault injection and the `/__test/` endpoints; without it neither exists. */
    testMode: z.boolean().default(false),
    /** The fault plan at start (test mode only; all rates 0 when absent). */
    faults: FaultPlan.partial().optional(),
    /** See `Durability` in `db/connection.ts`. */
    durability: z.enum(['normal', 'full']).default('normal'),
    /** How long idempotency records are kept; API.md asks for at least 72 hours. */
    idempotencyRetentionHours: z.number().min(72).default(7 * 24),
  })
  .superRefine((options, ctx) => {
    if (options.faults && !options.testMode) {
      ctx.addIssue({ code: 'custom', path: ['faults'], message: 'fault injection needs testMode' });
    }
    const tokens = Object.values(options.tokens);
    if (new Set(tokens).size !== tokens.length) {
      ctx.addIssue({ code: 'custom', path: ['tokens'], message: 'two devices share a token' });
    }
  });
export type ServerOptions = z.input<typeof ServerOptions>;
export type ResolvedServerOptions = z.output<typeof ServerOptions>;
