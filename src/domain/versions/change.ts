import type { Tx } from '../../store/store.js';
import * as versions from '../../store/versions.js';
import type { DatapointWrite } from '../../store/datapoint-rows.js';
import type { ChangeSet, DatapointUpdate } from '../../model/datapoints.js';
import { DomainError, invalid } from '../errors.js';
import { changedContent } from '../datapoint-content.js';
import { refuseMissing, type Commit } from './commit.js';
import { applyFileChanges, checkFileChanges } from './tree.js';

/**
 * Refuses a change set that is empty, mixes replace with other datapoint changes, repeats
 * an id or a path, or is larger than `maxDatapoints` (file changes have their own bound).
 */
export function checkChangeSet(change: ChangeSet, maxDatapoints: number): void {
  const { add = [], update = [], delete: del = [], replace, files } = change;
  if (replace !== undefined && (change.add || change.update || change.delete)) {
    throw invalid('replace cannot be combined with add, update or delete', [{ field: 'replace', message: 'must be alone' }]);
  }
  const fileCount = (files?.put?.length ?? 0) + (files?.delete?.length ?? 0);
  if (replace === undefined && add.length + update.length + del.length + fileCount === 0) {
    throw invalid('a version must add, update, delete or replace datapoints, or put or delete files');
  }
  const size = (replace?.length ?? 0) + add.length + update.length + del.length;
  if (size > maxDatapoints) {
    throw new DomainError(
      'payload_too_large',
      `at most ${maxDatapoints} datapoints per version in one request (add + update + delete + replace); this one has ${size}`,
    );
  }
  if (files) checkFileChanges(files);
  const seen = new Set<string>();
  for (const id of [...update.map((u) => u.id), ...del]) {
    if (seen.has(id))
      throw invalid(`datapoint ${id} appears more than once in update / delete`, [{ field: 'update', message: `duplicate id ${id}` }]);
    seen.add(id);
  }
}

/** Applies a change set through a commit: its files first, then datapoints: replace or delete first, then updates, then new datapoints after the last. */
export async function applyChange(tx: Tx, commit: Commit, change: ChangeSet): Promise<void> {
  if (change.files) await applyFileChanges(tx, commit, change.files);
  if (change.replace) await commit.clear(tx);
  if (change.delete?.length) await commit.delete(tx, change.delete);
  if (change.update?.length) await applyUpdates(tx, commit, change.update);
  const part = change.replace ? 'replace' : 'add';
  const items = change.replace ?? change.add ?? [];
  if (items.length === 0) return;
  await commit.ready(tx);
  const places = items.map((_, i) => `body/${part}/${i}`);
  await commit.add(
    tx,
    items.map((fields, i) => commit.draft(fields, places[i])),
    places,
  );
}

/** The fields given replace the old ones; a 404 names any datapoint that is not live. */
async function applyUpdates(tx: Tx, commit: Commit, updates: DatapointUpdate[]): Promise<void> {
  const old = new Map(
    (
      await versions.liveByIds(
        tx,
        commit.dataset.seq,
        updates.map((u) => u.id),
      )
    ).map((d) => [d.id, d]),
  );
  refuseMissing(
    updates.map((u) => u.id),
    [...old.keys()],
  );
  const writes = updates.map(({ id, ...fields }): DatapointWrite => {
    const before = old.get(id)!;
    return { ...changedContent(before, fields), created_at: before.created_at, updated_at: commit.stamp.at };
  });
  await commit.change(
    tx,
    writes,
    updates.map((_, i) => `body/update/${i}`),
  );
}
