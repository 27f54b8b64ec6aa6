import type { Tx } from '../../store/store.js';
import { atVersion, touchedBetween } from '../../store/datapoints.js';
import type { DatapointWrite } from '../../store/datapoint-rows.js';
import type { DatapointRecord } from '../../model/datapoints.js';
import type { Commit } from './commit.js';
import { restoreFilesInto } from './tree.js';
import { restoreSplitSchemasInto } from './split-schemas.js';

const BATCH = 1000;

/**
 * Makes a commit's content equal version `target`'s. Only datapoints whose rows began or
 * ended between the two are looked at, so the cost follows the distance to the target,
 * not the size of the dataset (its files alike, see tree.ts; its splits' kept schemas too): a datapoint live now but not then is deleted, one there
 * then but not now comes back (same id), and one whose content differs gets the old
 * content back.
 */
export async function restoreInto(tx: Tx, commit: Commit, target: number): Promise<void> {
  await restoreFilesInto(tx, commit, target);
  await restoreSplitSchemasInto(tx, commit, target);
  const datasetSeq = commit.dataset.seq;
  const previous = commit.version - 1;
  for (let after = 0; ;) {
    const seqs = await touchedBetween(tx, datasetSeq, Math.min(target, previous), Math.max(target, previous), after, BATCH);
    if (seqs.length === 0) break;
    const [then, now] = await Promise.all([atVersion(tx, datasetSeq, target, seqs), atVersion(tx, datasetSeq, previous, seqs)]);
    const thenBySeq = new Map(then.map((d) => [d.seq, d]));
    const nowBySeq = new Map(now.map((d) => [d.seq, d]));
    const close: string[] = [];
    const writes: DatapointWrite[] = [];
    const counts = { added: 0, updated: 0, deleted: 0 };
    for (const seq of seqs) {
      const [old, current] = [thenBySeq.get(seq), nowBySeq.get(seq)];
      // The same row on both sides: the datapoint did not change between them.
      if ((old && current && old.version === current.version) || (!old && !current)) continue;
      if (current) close.push(current.id);
      if (old) writes.push(asWrite(old));
      counts[old && current ? 'updated' : old ? 'added' : 'deleted'] += 1;
    }
    await commit.rewrite(tx, close, writes, counts);
    after = seqs[seqs.length - 1];
  }
}

/** A datapoint's content as it was, to be written again. */
function asWrite({ version: _version, ...content }: DatapointRecord): DatapointWrite {
  return content;
}
