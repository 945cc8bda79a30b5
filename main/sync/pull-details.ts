import type { z } from 'zod';

/** How the pull words what went wrong, for a problem's detail (shown to support, not on screen). */

/** The first issue of a failed parse, naming its field (`lines.1.lineId: …`), without the leading `omit` path. */
export function issueText(error: z.ZodError, omit: readonly PropertyKey[] = []): string {
  const issue = error.issues[0];
  if (!issue) return 'not valid';
  const path = issue.path.slice(issue.path.length >= omit.length && omit.every((key, i) => issue.path[i] === key) ? omit.length : 0);
  return path.length > 0 ? `${path.map(String).join('.')}: ${issue.message}` : issue.message;
}
