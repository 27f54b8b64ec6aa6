/**
 * PostgreSQL's codes for a transaction it gave up on because of another one (a deadlock,
 * a serialization failure): nothing was written, and the same work may simply run again.
 * SQLite takes one writer at a time, so its transactions never end this way.
 */
const TRANSIENT = new Set(['40P01', '40001']);

export const lostToAnotherTransaction = (error: unknown): boolean => TRANSIENT.has((error as { code?: string } | null)?.code ?? '');

/**
 * Runs `work` (one transaction whose effect is the same however often it runs) again when
 * it lost to another transaction, a few times at most.
 */
export async function retriedWhenLost<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!lostToAnotherTransaction(error) || attempt >= attempts) throw error;
    }
  }
}
