import { LIVE } from './datapoint-rows.js';
import type { Queryable, Tx } from './store.js';

/** A split's kept schema as the store holds it: JSON text it does not look into. */
export interface SplitSchemaRow {
  split: string;
  schema: string;
}

/** The kept schemas visible at `version` (of one split, when given), one per split at most, in split order. */
export async function splitSchemasAt(q: Queryable, datasetSeq: number, version: number, split?: string): Promise<SplitSchemaRow[]> {
  let query = q.db
    .selectFrom('hub_split_schemas')
    .select(['split', 'schema'])
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_from', '<=', version)
    .where('valid_to', '>', version);
  if (split !== undefined) query = query.where('split', '=', split);
  return query.orderBy('split').execute();
}

/** Ends these splits' live schemas at `version`. */
export async function closeLiveSplitSchemas(tx: Tx, datasetSeq: number, version: number, splits: string[]): Promise<void> {
  if (splits.length === 0) return;
  await tx.db
    .updateTable('hub_split_schemas')
    .set({ valid_to: version })
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_to', '=', LIVE)
    .where('split', 'in', splits)
    .execute();
}

/** Writes schemas visible from `version` on. */
export async function writeSplitSchemas(tx: Tx, datasetSeq: number, version: number, rows: SplitSchemaRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.db
    .insertInto('hub_split_schemas')
    .values(rows.map((r) => ({ dataset_seq: datasetSeq, ...r, valid_from: version, valid_to: LIVE })))
    .execute();
}
