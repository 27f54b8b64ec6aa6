import type { SourceRecord } from '../model/imports.js';
import { invalid } from '../domain/errors.js';
import { ndjsonTexts, parseLine, type NdjsonLimits, type NdjsonText } from './ndjson.js';

/**
 * One row of a JSON-lines body, parsed when first read: an upsert tells most unchanged
 * rows by their text's hash alone and never parses them.
 */
class JsonLine implements SourceRecord {
  readonly at: string;
  readonly raw: string;
  private parsed: Record<string, unknown> | undefined;

  constructor(readonly line: NdjsonText) {
    this.at = `line ${line.line}`;
    this.raw = line.text;
  }

  get value(): Record<string, unknown> {
    if (this.parsed) return this.parsed;
    const value = parseLine(this.line);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalid(`${this.at}: must be a JSON object`, [{ field: this.at, message: 'must be a JSON object' }]);
    }
    return (this.parsed = value as Record<string, unknown>);
  }
}

/** A JSON line read elsewhere (another thread), as a row parsed when first read. */
export const jsonLine = (line: NdjsonText): SourceRecord => new JsonLine(line);

/** The line a row of a JSON-lines body was read from; undefined for a row of another format. */
export const lineOf = (record: SourceRecord): NdjsonText | undefined => (record instanceof JsonLine ? record.line : undefined);

/** The rows of a JSON-lines body, one object per line, read as they arrive. */
export async function* jsonlRecords(stream: AsyncIterable<Buffer>, limits: NdjsonLimits): AsyncGenerator<SourceRecord> {
  for await (const line of ndjsonTexts(stream, limits)) yield new JsonLine(line);
}
