import type { ByteRange } from '../store/blobs/backend.js';

/** What a Range header asks of a representation of `size` bytes (RFC 9110 section 14). */
export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; range: ByteRange } | { kind: 'unsatisfiable' };

const WHOLE: RangeAnswer = { kind: 'whole' };

/**
 * One byte range is served as 206; a header in another unit, malformed, or asking for
 * several ranges is ignored and the whole is served (as the RFC allows). A range that
 * starts past the end is 416.
 */
export function rangeOf(header: string | undefined, size: number): RangeAnswer {
  const match = header === undefined ? null : /^bytes=\s*(\d*)-(\d*)\s*$/.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return WHOLE;
  const last = size - 1;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', range: { start: Math.max(0, size - suffix), end: last } };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? last : Math.min(Number(match[2]), last);
  if (match[2] !== '' && Number(match[2]) < start) return WHOLE;
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'part', range: { start, end } };
}
