/** The bytes a `Range` header asks for, inclusive; `null` when none; `'unsatisfiable'` when none of the file is in it. */
export type ByteRange = { start: number; end: number } | null | 'unsatisfiable';

/**
 * One range of a `Range: bytes=…` header (RFC 9110 §14.1.2): `a-b`, `a-` or the last
 * `-n` bytes. A header that is not one byte range is ignored and the whole file sent,
 * as the RFC allows.
 */
export function byteRange(header: string | undefined, size: number): ByteRange {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [first, last] = [match[1], match[2]];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
