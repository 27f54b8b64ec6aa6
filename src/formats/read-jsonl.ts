import type { SourceRecord } from '../model/imports.js';
import { invalid } from '../domain/errors.js';
import { ndjsonLines, type NdjsonLimits } from './ndjson.js';

/** The rows of a JSON-lines body, one object per line, read as they arrive. */
export async function* jsonlRecords(stream: AsyncIterable<Buffer>, limits: NdjsonLimits): AsyncGenerator<SourceRecord> {
  for await (const { line, value } of ndjsonLines(stream, limits)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalid(`line ${line}: must be a JSON object`, [{ field: `line ${line}`, message: 'must be a JSON object' }]);
    }
    yield { at: `line ${line}`, value: value as Record<string, unknown> };
  }
}
