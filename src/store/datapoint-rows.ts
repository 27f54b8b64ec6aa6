import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { DatapointContent, DatapointRecord, Source } from '../model/datapoints.js';
import type { DatapointTable } from './schema.js';

/** A datapoint row: one span of versions `[valid_from, valid_to)` of one datapoint's content. */
export type DatapointRow = Selectable<DatapointTable>;
/** A datapoint row as written: everything but the generated row id. */
export type DatapointInsert = Omit<DatapointRow, 'row_id'>;

/** Sentinel `valid_to` of a datapoint row still visible at the head version. */
export const LIVE = 2_147_483_647;

/**
 * The rows (of `table`, a name or alias of `datapoints`) visible at `version`: their span
 * holds it. Written as the span test even for the head, so a commit landing between two
 * pages cannot change what a pinned version shows. The unary plus keeps both bounds out
 * of index terms: planners then reach rows by the dataset's order index (a first page
 * without sorting the dataset) or by whatever narrows them, never by a range over all
 * versions.
 */
export const visibleAt = (version: number, table = 'datapoints'): RawBuilder<boolean> =>
  sql<boolean>`(+${sql.ref(`${table}.valid_from`)} <= ${version} and +${sql.ref(`${table}.valid_to`)} > ${version})`;

/** Columns of a datapoint row, in the order the bulk writers use. */
export const DATAPOINT_COLUMNS = [
  'dataset_seq',
  'id',
  'seq',
  'valid_from',
  'valid_to',
  'ord',
  'input',
  'expected_output',
  'output',
  'context',
  'prompt',
  'persona',
  'tags',
  'source',
  'agent',
  'generator_model',
  'metadata',
  'created_at',
  'updated_at',
  'external_id',
  'splits',
  'source_hash',
] as const satisfies readonly (keyof DatapointInsert)[];

/** A datapoint's content as committed in one version, with the timestamps it carries. */
export interface DatapointWrite extends DatapointContent {
  created_at: string;
  updated_at: string;
  /** What an import knows of the source row this content came from (see sourceHash in src/domain/import-rows.ts). */
  source_hash?: string | null;
}

export function toRecord(row: Omit<DatapointRow, 'row_id' | 'dataset_seq' | 'valid_to'>): DatapointRecord {
  return {
    id: row.id,
    seq: row.seq,
    order: row.ord,
    input: row.input,
    expected_output: row.expected_output,
    output: row.output,
    context: row.context,
    prompt: row.prompt,
    persona: row.persona,
    tags: row.tags,
    source: row.source as Source | null,
    agent: row.agent,
    generator_model: row.generator_model,
    metadata: row.metadata,
    external_id: row.external_id,
    splits: row.splits,
    version: row.valid_from,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The row that makes `write` visible from `version` on, until something replaces it. */
export function toRow(datasetSeq: number, version: number, write: DatapointWrite): DatapointInsert {
  return {
    dataset_seq: datasetSeq,
    id: write.id,
    seq: write.seq,
    valid_from: version,
    valid_to: LIVE,
    ord: write.order,
    input: write.input,
    expected_output: write.expected_output,
    output: write.output,
    context: write.context,
    prompt: write.prompt,
    persona: write.persona,
    tags: write.tags,
    source: write.source,
    agent: write.agent,
    generator_model: write.generator_model,
    metadata: write.metadata,
    external_id: write.external_id,
    splits: write.splits,
    source_hash: write.source_hash ?? null,
    created_at: write.created_at,
    updated_at: write.updated_at,
  };
}
