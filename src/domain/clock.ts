/**
 * Where the services read the time. Injected, so tests can hold it still or move it;
 * timestamps are ISO-8601 UTC with milliseconds, so they sort as text on every store.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  ms(): number;
}

export const systemClock: Clock = { ms: () => Date.now() };

export const isoAt = (clock: Clock): string => new Date(clock.ms()).toISOString();
