/** Timestamps are ISO-8601 UTC with milliseconds, so they sort as text on every store. */
export const now = (): string => new Date().toISOString();
