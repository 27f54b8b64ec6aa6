import type { Tx } from '../store/store.js';
import * as versions from '../store/versions.js';
import { atVersion, touchedBetween } from '../store/datapoints.js';
import type { DatapointWrite } from '../store/datapoint-rows.js';
import type { Dataset } from '../model/datasets.js';
import type { DatapointRecord, Version } from '../model/datapoints.js';
import { nextHead, recordVersion, writeUnique } from './versions.js';
import type { Stamp } from './stamp.js';

const BATCH = 1000;

/**
 * Makes the next version's content equal version `target`'s. Only datapoints whose rows
 * began or ended between the two are looked at, so the cost follows the distance to
 * the target, not the size of the dataset: a datapoint live now but not then is
 * deleted, one there then but not now comes back (same id), and one whose content
 * differs gets the old content back.
 */
export async function restoreVersion(
  tx: Tx,
  dataset: Dataset,
  target: number,
  options: { message?: string | null; base_version?: number },
  stamp: Stamp,
): Promise<Version> {
  const at = stamp.at;
  const head = await nextHead(tx, dataset, options.base_version, at);
  const version = head.head_version;
  const previous = version - 1;
  const counts = { added: 0, updated: 0, deleted: 0 };
  for (let after = 0; ;) {
    const seqs = await touchedBetween(tx, dataset.seq, Math.min(target, previous), Math.max(target, previous), after, BATCH);
    if (seqs.length === 0) break;
    const [then, now] = await Promise.all([atVersion(tx, dataset.seq, target, seqs), atVersion(tx, dataset.seq, previous, seqs)]);
    const thenBySeq = new Map(then.map((d) => [d.seq, d]));
    const nowBySeq = new Map(now.map((d) => [d.seq, d]));
    const close: string[] = [];
    const writes: DatapointWrite[] = [];
    for (const seq of seqs) {
      const [old, current] = [thenBySeq.get(seq), nowBySeq.get(seq)];
      // The same row on both sides: the datapoint did not change between them.
      if ((old && current && old.version === current.version) || (!old && !current)) continue;
      if (current) close.push(current.id);
      if (old) writes.push(asWrite(old));
      counts[old && current ? 'updated' : old ? 'added' : 'deleted'] += 1;
    }
    // Close first: a restored datapoint may take back an external id another one holds now.
    await versions.closeLive(tx, dataset.seq, version, close);
    await writeUnique(tx, dataset.seq, version, writes);
    after = seqs[seqs.length - 1];
  }
  return recordVersion(tx, dataset, stamp, {
    version,
    message: options.message ?? `restore version ${target}`,
    datapoint_count: head.datapoint_count + counts.added - counts.deleted,
    ...counts,
  });
}

/** A datapoint's content as it was, to be written again. */
function asWrite({ version: _version, ...content }: DatapointRecord): DatapointWrite {
  return content;
}
