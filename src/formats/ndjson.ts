import type { Readable } from 'node:stream';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { LIMITS } from '../model/limits.js';
import { decodeUtf8, jsonProblem } from './json-input.js';

export interface NdjsonLimits {
  maxBytes: number;
  maxLineBytes: number;
  maxItems: number;
}

/** One line's text and its number (1-based, blank lines counted). */
export interface NdjsonText {
  line: number;
  text: string;
}

/** One parsed line, and its number. */
export interface NdjsonLine {
  line: number;
  value: unknown;
}

const tooLarge = (message: string) => new DomainError('payload_too_large', message);

/** Only spaces, tabs and carriage returns: skipped without decoding, so a body of blank lines costs no more than one of rows. */
const blank = (bytes: Uint8Array) => bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0d);

/**
 * The lines of a newline-delimited stream as text, as they arrive: memory holds one
 * line, never the stream. A line that is not UTF-8 or too long stops the read with an
 * error naming its number; blank lines are skipped.
 */
export async function* ndjsonTexts(stream: AsyncIterable<Buffer>, limits: NdjsonLimits): AsyncGenerator<NdjsonText> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let line = 0;
  let items = 0;

  function decode(bytes: Buffer): NdjsonText | null {
    line += 1;
    if (blank(bytes)) return null;
    const text = decodeUtf8(bytes, `line ${line}`).trim();
    if (text === '') return null;
    if (++items > limits.maxItems) throw tooLarge(`at most ${limits.maxItems} lines per request`);
    return { line, text };
  }

  for await (const chunk of stream) {
    total += chunk.length;
    if (total > limits.maxBytes) throw tooLarge(`a streamed body may be at most ${limits.maxBytes} bytes`);
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (pendingBytes + piece.length > limits.maxLineBytes) throw tooLarge(`line ${line + 1}: longer than ${limits.maxLineBytes} bytes`);
      const decoded = decode(pending.length ? Buffer.concat([...pending, piece]) : piece);
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      if (decoded) yield decoded;
    }
    const rest = chunk.subarray(start);
    pendingBytes += rest.length;
    if (pendingBytes > limits.maxLineBytes) throw tooLarge(`line ${line + 1}: longer than ${limits.maxLineBytes} bytes`);
    if (rest.length) pending.push(rest);
  }
  if (pendingBytes) {
    const decoded = decode(Buffer.concat(pending));
    if (decoded) yield decoded;
  }
}

/** Brackets a line holds: fewer than the depth limit, and it cannot nest past it. */
function brackets(text: string, atMost: number): number {
  let count = 0;
  for (let at = text.indexOf('{'); at !== -1 && count < atMost; at = text.indexOf('{', at + 1)) count++;
  for (let at = text.indexOf('['); at !== -1 && count < atMost; at = text.indexOf('[', at + 1)) count++;
  return count;
}

/**
 * A line's JSON, refused (naming the line) when it is not JSON or holds what datashelf
 * does not store. The walk over every string is skipped when the text shows it cannot
 * find anything: NUL and lone surrogates reach JSON only as \u escapes, and a line with
 * fewer brackets than the depth limit cannot nest past it.
 */
export function parseLine({ line, text }: NdjsonText): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DomainError('bad_request', `line ${line}: not valid JSON (${(error as Error).message})`, [
      { field: `line ${line}`, message: 'not valid JSON' },
    ]);
  }
  if (!text.includes('\\u') && brackets(text, LIMITS.jsonDepth) < LIMITS.jsonDepth) return value;
  const refused = jsonProblem(value);
  if (refused) {
    throw new DomainError('bad_request', `line ${line}${refused.field ? ` at ${refused.field}` : ''} ${refused.message}`, [
      { field: `line ${line}${refused.field}`, message: refused.message },
    ]);
  }
  return value;
}

/** The lines of a newline-delimited JSON stream, parsed one at a time as they arrive. */
export async function* ndjsonLines(stream: AsyncIterable<Buffer>, limits: NdjsonLimits): AsyncGenerator<NdjsonLine> {
  for await (const text of ndjsonTexts(stream, limits)) yield { line: text.line, value: parseLine(text) };
}

/** Checks one parsed line; returns what is wrong with it (empty when fine). */
export type LineCheck = (value: unknown) => FieldIssue[];

/** Every line, checked, collected: for bodies small enough to hold (event batches). */
export async function readNdjson(stream: Readable, limits: NdjsonLimits, check: LineCheck): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const value of checkedNdjson(stream as AsyncIterable<Buffer>, limits, check)) items.push(value);
  return items;
}

/** Every line, checked as it arrives: the first bad one throws, naming its line. */
export async function* checkedNdjson(stream: AsyncIterable<Buffer>, limits: NdjsonLimits, check: LineCheck): AsyncGenerator<unknown> {
  for await (const { line, value } of ndjsonLines(stream, limits)) {
    const issues = check(value);
    if (issues.length) {
      throw new DomainError(
        'validation_failed',
        `line ${line}: ${issues.map((i) => `${i.field || '(line)'} ${i.message}`).join('; ')}`,
        issues.map((i) => ({ field: `line ${line}${i.field ? '/' + i.field : ''}`, message: i.message })),
      );
    }
    yield value;
  }
}
