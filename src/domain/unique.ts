import type { Queryable } from '../store/store.js';
import { violatedUnique, type UniqueKey } from '../store/unique.js';
import { conflict } from './errors.js';

/**
 * Runs a write that unique indexes guard, turning the refusal of the rule it broke into
 * a 409 with that rule's message. A rule the caller did not name is a fault, not a conflict.
 */
export async function uniquely<T>(q: Queryable, conflicts: Partial<Record<UniqueKey, string>>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const key = violatedUnique(q, error);
    const message = key === null ? undefined : conflicts[key];
    if (message !== undefined) throw conflict(message);
    throw error;
  }
}
