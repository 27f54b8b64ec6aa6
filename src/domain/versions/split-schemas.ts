import type { Tx } from '../../store/store.js';
import { closeLiveSplitSchemas, splitSchemasAt, writeSplitSchemas, type SplitSchemaRow } from '../../store/hub-schemas.js';
import type { Commit } from './commit.js';

/** A split's kept schema as a commit sets it: the schema's JSON text, or null when the split keeps none any more. */
export interface SplitSchemaChange {
  split: string;
  schema: string | null;
}

/** Sets these splits' kept schemas from the commit's version on. */
export async function applySplitSchemas(tx: Tx, commit: Commit, changes: SplitSchemaChange[]): Promise<void> {
  const datasetSeq = commit.dataset.seq;
  await closeLiveSplitSchemas(
    tx,
    datasetSeq,
    commit.version,
    changes.map((c) => c.split),
  );
  const kept = changes.flatMap(({ split, schema }): SplitSchemaRow[] => (schema === null ? [] : [{ split, schema }]));
  await writeSplitSchemas(tx, datasetSeq, commit.version, kept);
}

/** Makes the commit's kept schemas those of version `target` (a restore); a dataset has a few, one per split at most. */
export async function restoreSplitSchemasInto(tx: Tx, commit: Commit, target: number): Promise<void> {
  const datasetSeq = commit.dataset.seq;
  const [then, now] = await Promise.all([splitSchemasAt(tx, datasetSeq, target), splitSchemasAt(tx, datasetSeq, commit.version - 1)]);
  const thenBySplit = new Map(then.map((s) => [s.split, s.schema]));
  const nowBySplit = new Map(now.map((s) => [s.split, s.schema]));
  const splits = [...new Set([...thenBySplit.keys(), ...nowBySplit.keys()])];
  const changes = splits
    .filter((split) => thenBySplit.get(split) !== nowBySplit.get(split))
    .map((split) => ({ split, schema: thenBySplit.get(split) ?? null }));
  await applySplitSchemas(tx, commit, changes);
}
