import { decodeCursor, encodeCursor, type KeyKind, type Page } from './cursor.js';

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only proves there is a next
 * page, whose cursor is the key of the last row shown.
 */
export function pageOf<Row, T>(
  rows: Row[],
  limit: number,
  tag: string,
  keyOf: (row: Row) => (string | number)[],
  toItem: (row: Row) => T,
): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return {
    data: shown.map(toItem),
    next_cursor: rows.length > limit && last !== undefined ? encodeCursor(tag, keyOf(last)) : null,
  };
}

export function cursorKey<T extends (string | number)[]>(
  tag: string,
  cursor: string | undefined,
  shape: { [K in keyof T]: T[K] extends string ? 'string' : Exclude<KeyKind, 'string'> },
): T | null {
  return cursor === undefined ? null : (decodeCursor(tag, cursor, shape) as T);
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}
