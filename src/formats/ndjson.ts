import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { decodeUtf8, jsonProblem } from './json-input.js';

export interface NdjsonLimits {
  maxBytes: number;
  maxLineBytes: number;
  maxItems: number;
}

/** Checks one parsed line; returns what is wrong with it (empty when fine). */
export type LineCheck = (value: unknown) => FieldIssue[];

/**
 * Reads a newline-delimited JSON stream into validated items, hashing the raw bytes
 * as it goes (for Idempotency-Key fingerprints). The first bad line stops the read
 * with an error naming its line number; blank lines are skipped.
 */
export async function readNdjson(stream: Readable, limits: NdjsonLimits, check: LineCheck): Promise<{ items: unknown[]; sha256: string }> {
  const hash = createHash('sha256');
  const items: unknown[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let line = 0;

  const take = (bytes: Buffer) => {
    line += 1;
    const text = decodeUtf8(bytes, `line ${line}`).trim();
    if (text === '') return;
    if (items.length >= limits.maxItems) throw tooLarge(`at most ${limits.maxItems} lines per request`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DomainError('bad_request', `line ${line}: not valid JSON (${(error as Error).message})`, [
        { field: `line ${line}`, message: 'not valid JSON' },
      ]);
    }
    const refused = jsonProblem(value);
    if (refused) {
      throw new DomainError('bad_request', `line ${line}${refused.field ? ` at ${refused.field}` : ''} ${refused.message}`, [
        { field: `line ${line}${refused.field}`, message: refused.message },
      ]);
    }
    const issues = check(value);
    if (issues.length) {
      throw new DomainError(
        'validation_failed',
        `line ${line}: ${issues.map((i) => `${i.field || '(line)'} ${i.message}`).join('; ')}`,
        issues.map((i) => ({ field: `line ${line}${i.field ? '/' + i.field : ''}`, message: i.message })),
      );
    }
    items.push(value);
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limits.maxBytes) throw tooLarge(`an NDJSON body may be at most ${limits.maxBytes} bytes`);
    hash.update(chunk);
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (pendingBytes + piece.length > limits.maxLineBytes) throw lineTooLong(line + 1, limits);
      take(pending.length ? Buffer.concat([...pending, piece]) : piece);
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    pendingBytes += rest.length;
    if (pendingBytes > limits.maxLineBytes) throw lineTooLong(line + 1, limits);
    if (rest.length) pending.push(rest);
  }
  if (pendingBytes) take(Buffer.concat(pending));
  return { items, sha256: hash.digest('hex') };
}

const tooLarge = (message: string) => new DomainError('payload_too_large', message);
const lineTooLong = (line: number, limits: NdjsonLimits) => tooLarge(`line ${line}: longer than ${limits.maxLineBytes} bytes`);
