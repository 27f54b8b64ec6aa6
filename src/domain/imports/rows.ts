import { hash } from 'node:crypto';
import type { SourceRecord } from '../../model/imports.js';
import type { DatapointRecord } from '../../model/datapoints.js';
import { conflict, invalid } from '../errors.js';
import type { MappedRow } from './mapping.js';

/** A source row not read further than its text, and that text's hash. */
export interface PendingRow {
  record: SourceRecord;
  sourceHash: string;
  /** Which file of an import of several it was read from (the first, or only, when none is said). */
  part?: number;
}

/** A row on its way into a version: its datapoint fields, and a hash of where they came from. */
export interface ImportRow extends MappedRow {
  sourceHash: string;
}

/**
 * A hash of a source row and of everything that decides what it becomes (format,
 * mapping, split): equal hashes mean equal datapoint content, so an upsert can tell an
 * unchanged row without serialising and comparing its fields.
 */
export function sourceHasher(decides: unknown): (record: SourceRecord) => string {
  const prefix = hash('sha1', JSON.stringify(decides), 'base64').slice(0, 8);
  // A row's files are part of what it holds: their ids (their bytes' hashes) count too.
  const text = (record: SourceRecord) =>
    (record.raw ?? JSON.stringify(record.value)) + (record.attachments ? JSON.stringify(record.attachments) : '');
  return (record) => prefix + hash('sha1', text(record), 'base64');
}

export const externalIdOf = (row: MappedRow) => (typeof row.fields.external_id === 'string' ? row.fields.external_id : undefined);

export const namedTwice = (row: MappedRow, earlier: string) =>
  invalid(`${row.at} names the same datapoint as ${earlier}; each datapoint may appear once in an import`, [
    { field: row.at, message: 'names a datapoint an earlier row named' },
  ]);

export function alreadyThere(row: MappedRow, match: Pick<DatapointRecord, 'id' | 'external_id'>) {
  const by = row.id === match.id ? `datapoint ${match.id}` : `external_id ${JSON.stringify(match.external_id)}`;
  return conflict(`${row.at}: ${by} is already in the dataset; import with mode=upsert to update it`);
}

/** Two rows of one batch naming one datapoint (by id or external id). */
export function refuseRepeats(batch: MappedRow[]): void {
  const seen = new Map<string, string>();
  for (const row of batch) {
    const external = externalIdOf(row);
    for (const key of [row.id && `id:${row.id}`, external !== undefined && `ext:${external}`]) {
      if (!key) continue;
      const earlier = seen.get(key);
      if (earlier) throw namedTwice(row, earlier);
      seen.set(key, row.at);
    }
  }
}
