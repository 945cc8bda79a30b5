import { z } from 'zod';

/** An amount of money a problem names: shown in the reader's language and format. */
export const MoneyParam = z.object({ minor: z.number().int(), currency: z.string() });
export type MoneyParam = z.infer<typeof MoneyParam>;

/** What a problem names, for the UI to say it in the staff's language. */
export const ProblemParams = z.record(z.string(), z.union([z.string(), z.number(), MoneyParam]));
export type ProblemParams = z.infer<typeof ProblemParams>;

/**
 * Something refused or gone wrong, said two ways: a `code` with the `params` it names, for the UI
 * to put into the staff's words (`error.<code>` for a refused command, `syncProblem.<code>` for
 * sync), and the same in English (`message`) for logs, tools and any code without words there.
 */
export const Problem = z.object({ code: z.string(), message: z.string(), params: ProblemParams.optional() });
export type Problem = z.infer<typeof Problem>;

const UNEXPLAINED = 'unexplained';

/** What is stored beside a problem's English sentence (a JSON column): its code and params. */
const StoredFacts = z.object({ code: z.string(), params: ProblemParams.optional() });

/** The facts column's value: null for a problem read back without facts (`unexplained`), which stays so. */
export function storedFacts(problem: Problem): string | null {
  if (problem.code === UNEXPLAINED) return null;
  return JSON.stringify(problem.params ? { code: problem.code, params: problem.params } : { code: problem.code });
}

/**
 * A stored problem back from its English sentence and its facts column. A sentence stored before
 * the facts were (or facts that no longer read) comes back with the code `unexplained`, which
 * the UI shows as the sentence.
 */
export function storedProblem(message: string | null, facts: string | null): Problem | null {
  if (message === null) return null;
  let parsed: unknown;
  try {
    parsed = facts === null ? undefined : JSON.parse(facts);
  } catch {
    parsed = undefined;
  }
  const read = StoredFacts.safeParse(parsed);
  return read.success ? { ...read.data, message } : { code: UNEXPLAINED, message };
}
