import { z } from 'zod';

/**
 * Fault injection for tests (only with `--test-mode`): a seeded plan decides, request by request
 * in arrival order, whether a `/v2/` request is dropped before it is processed, answered with a
 * 5xx or a 503 + Retry-After without any effect, dropped after its effect committed, and how
 * much latency it gets. The same seed and the same request order give the same faults.
 */
const Rate = z.number().min(0).max(1);

export const FaultPlan = z.strictObject({
  seed: z.int().default(1),
  dropBeforeRate: Rate.default(0),
  dropAfterCommitRate: Rate.default(0),
  error5xxRate: Rate.default(0),
  retryAfterRate: Rate.default(0),
  retryAfterSeconds: z.int().min(0).max(3600).default(1),
  latencyMs: z
    .tuple([z.int().min(0), z.int().min(0)])
    .refine(([min, max]) => min <= max, { error: 'min must not exceed max' })
    .default([0, 0]),
});
export type FaultPlan = z.output<typeof FaultPlan>;
export type FaultPlanInput = z.input<typeof FaultPlan>;

/** What happens to one request. At most one of the drop / answer faults; latency comes on top. */
export type Fault =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'dropBefore'; latencyMs: number }
  | { kind: 'error5xx'; latencyMs: number; status: 500 | 503 }
  | { kind: 'retryAfter'; latencyMs: number; seconds: number }
  | { kind: 'dropAfterCommit'; latencyMs: number };

export type FaultKind = Exclude<Fault['kind'], 'none'>;

export interface FaultCounts {
  dropBefore: number;
  dropAfterCommit: number;
  error5xx: number;
  retryAfter: number;
  latency: number;
}

export function createFaultInjector(initial: FaultPlanInput = {}) {
  let plan = FaultPlan.parse(initial);
  let random = mulberry32(plan.seed);
  const counts: FaultCounts = { dropBefore: 0, dropAfterCommit: 0, error5xx: 0, retryAfter: 0, latency: 0 };

  return {
    plan: () => plan,
    counts: (): FaultCounts => ({ ...counts }),
    /** Replaces the plan (omitted fields take their defaults) and restarts its random sequence. */
    configure(next: FaultPlanInput): FaultPlan {
      plan = FaultPlan.parse(next);
      random = mulberry32(plan.seed);
      return plan;
    },
    /** Draws the fault of the next request; always the same number of draws per request. */
    next(): Fault {
      const [min, max] = plan.latencyMs;
      const latencyMs = min + Math.floor(random() * (max - min + 1));
      const dropBefore = random() < plan.dropBeforeRate;
      const error5xx = random() < plan.error5xxRate;
      const status = random() < 0.5 ? 500 : 503;
      const retryAfter = random() < plan.retryAfterRate;
      const dropAfterCommit = random() < plan.dropAfterCommitRate;
      if (latencyMs > 0) counts.latency++;
      if (dropBefore) {
        counts.dropBefore++;
        return { kind: 'dropBefore', latencyMs };
      }
      if (error5xx) {
        counts.error5xx++;
        return { kind: 'error5xx', latencyMs, status };
      }
      if (retryAfter) {
        counts.retryAfter++;
        return { kind: 'retryAfter', latencyMs, seconds: plan.retryAfterSeconds };
      }
      if (dropAfterCommit) {
        counts.dropAfterCommit++;
        return { kind: 'dropAfterCommit', latencyMs };
      }
      return { kind: 'none', latencyMs };
    },
  };
}

export type FaultInjector = ReturnType<typeof createFaultInjector>;

/** A small, well-known seeded PRNG (32-bit state), uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
