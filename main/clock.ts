/** Time source for services, so tests can pin it. Times are ISO 8601 UTC with milliseconds. */
export interface Clock {
  now(): number;
  iso(): string;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  iso: () => new Date().toISOString(),
};
