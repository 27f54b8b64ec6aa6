import type { Queryable } from '../store/store.js';
import { conflict } from './errors.js';

/** Runs a write that a unique index guards, turning the index's refusal into a 409. */
export async function uniquely<T>(q: Queryable, message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (q.dialect.isUniqueViolation(error)) throw conflict(message);
    throw error;
  }
}
