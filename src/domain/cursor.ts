import { createHmac, timingSafeEqual } from 'node:crypto';
import { LIMITS } from '../model/limits.js';
import { DomainError } from './errors.js';

/**
 * What each value of a cursor's key must be. A cursor comes back from the client, so a
 * number in it is checked as the store will compare it: any finite number (a score),
 * an integer of a 64-bit column (orders, sequence numbers), or a version number.
 */
export type KeyKind = 'string' | 'number' | 'integer' | 'version';

const FITS: Record<KeyKind, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: (value) => Number.isInteger(value) && Math.abs(value as number) <= LIMITS.integerMax,
  version: (value) => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= LIMITS.versionMax,
};

/**
 * Opaque page cursors: the last row's sort key, base64url-encoded JSON, tagged with
 * what it was made for so a cursor from another listing is refused rather than misread.
 */
export function encodeCursor(tag: string, key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([tag, ...key])).toString('base64url');
}

export function decodeCursor(tag: string, cursor: string, shape: readonly KeyKind[]): (string | number)[] {
  const bad = new DomainError('bad_request', 'cursor is invalid or belongs to another listing');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad;
  }
  if (!Array.isArray(parsed) || parsed[0] !== tag || parsed.length !== shape.length + 1) throw bad;
  const key: unknown[] = parsed.slice(1);
  if (!key.every((v, i) => FITS[shape[i]](v))) throw bad;
  return key as (string | number)[];
}

/** A page of results: `next_cursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/**
 * Tamper-evident cursors: the key plus an HMAC over it and the listing's scope (its
 * sort and filters), so a forged cursor, or one from another sort or filter set, is refused.
 */
export class SignedCursors {
  constructor(private readonly key: Uint8Array) {}

  encode(scope: string, values: readonly (string | number)[]): string {
    const payload = Buffer.from(JSON.stringify(values)).toString('base64url');
    return `${payload}.${this.mac(scope, payload)}`;
  }

  decode(scope: string, cursor: string, shape: readonly ('string' | 'number')[]): (string | number)[] {
    const invalid = new DomainError('bad_request', 'Invalid pagination parameters');
    const [payload, mac, extra] = cursor.split('.');
    if (!payload || !mac || extra !== undefined) throw invalid;
    const expected = Buffer.from(this.mac(scope, payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
    const values: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length !== shape.length || !values.every((v, i) => typeof v === shape[i])) throw invalid;
    return values as (string | number)[];
  }

  private mac(scope: string, payload: string): string {
    return createHmac('sha256', this.key).update(`${scope}\n${payload}`).digest('base64url').slice(0, 22);
  }
}
