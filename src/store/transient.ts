/** PostgreSQL's code of an error, if it has one. */
const codeOf = (error: unknown): string => (error as { code?: string } | null)?.code ?? '';

/**
 * PostgreSQL's codes for a transaction it gave up on because of another one (a deadlock,
 * a serialization failure): nothing was written, and the same work may simply run again.
 * SQLite takes one writer at a time, so its transactions never end this way.
 */
const TRANSIENT = new Set(['40P01', '40001']);

export const lostToAnotherTransaction = (error: unknown): boolean => TRANSIENT.has(codeOf(error));

/** PostgreSQL's code for a schema named that does not exist (another process dropped it meanwhile). */
export const droppedSchema = (error: unknown): boolean => codeOf(error) === '3F000';

/** Runs `work` (whose effect is the same however often it runs) again after an error `again` accepts, a few times at most. */
export async function retried<T>(work: () => Promise<T>, again: (error: unknown) => boolean, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!again(error) || attempt >= attempts) throw error;
    }
  }
}

/** Runs one transaction again when it lost to another transaction, a few times at most. */
export const retriedWhenLost = <T>(work: () => Promise<T>, attempts = 5): Promise<T> => retried(work, lostToAnotherTransaction, attempts);
