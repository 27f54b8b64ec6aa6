import { DomainError } from './errors.js';

/**
 * Opaque page cursors: the last row's sort key, base64url-encoded JSON, tagged with
 * what it was made for so a cursor from another listing is refused rather than misread.
 */
export function encodeCursor(tag: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([tag, ...key])).toString('base64url');
}

export function decodeCursor(tag: string, cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
  const bad = new DomainError('bad_request', 'cursor is invalid or belongs to another listing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (!Array.isArray(parsed) || parsed[0] !== tag || parsed.length !== shape.length + 1) throw bad;
  const key = parsed.slice(1);
  if (!key.every((v, i) => typeof v === shape[i])) throw bad;
  return key;
}

/** A page of results: `next_cursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
