import { randomUUID } from 'node:crypto';
import type { Store, Tx } from '../store/store.js';
import * as versions from '../store/versions.js';
import * as datasetStore from '../store/datasets.js';
import type { DatapointWrite } from '../store/datapoint-rows.js';
import type { Dataset } from '../model/datasets.js';
import type { ChangeSet, DatapointFields, DatapointUpdate, Version } from '../model/datapoints.js';
import { projectOf, type Caller } from './caller.js';
import type { Clock } from './clock.js';
import type { Page } from './cursor.js';
import { DomainError, invalid, notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { changedContent, newContent } from './datapoint-content.js';
import type { DatasetService } from './datasets.js';
import { uniquely } from './unique.js';
import { restoreVersion } from './restore.js';
import { stampOf, type Stamp } from './stamp.js';
import { audit } from './audit.js';
import { notify } from './notify.js';
import { itemCheck, refuseBroken } from './item-schemas.js';
import { chosenVersion, versionIn } from './version-select.js';
import type { RestoreRequest } from '../model/version-tags.js';

/** Commits and reads dataset versions. A version, once committed, never changes. */
export class VersionService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  /**
   * Makes the next version from a change set, atomically: the head moves and every
   * row is written in one transaction, or nothing is visible at all. `maxDatapoints`
   * bounds add + update + delete + replace together (it depends on how they arrived).
   */
  async commit(caller: Caller, datasetId: string, change: ChangeSet, maxDatapoints: number): Promise<Version> {
    checkChangeSet(change, maxDatapoints);
    const dataset = await this.datasets.get(caller, datasetId);
    return this.store.transaction((tx) => applyChange(tx, dataset, change, stampOf(caller, this.clock)));
  }

  /**
   * Publishes a dataset by name holding exactly these datapoints: a new dataset at
   * version 1, or, when the project has a live dataset of that name, its next version.
   */
  async publishByName(
    caller: Caller,
    input: { name: string; description?: string | null; datapoints: DatapointFields[] },
    maxDatapoints: number,
  ): Promise<{ dataset: Dataset; version: Version; created: boolean }> {
    checkChangeSet({ replace: input.datapoints }, maxDatapoints);
    const publish = () =>
      this.store.transaction(async (tx) => {
        const projectId = projectOf(caller);
        const stamp = stampOf(caller, this.clock);
        const at = stamp.at;
        const existing = await datasetStore.findLiveDataset(tx, projectId, { name: input.name });
        const target =
          existing ?? (await this.datasets.create(caller, { name: input.name, description: input.description }, undefined, tx));
        if (existing && input.description !== undefined) {
          await datasetStore.updateLiveDataset(tx, projectId, { id: target.id }, { description: input.description, updated_at: at });
        }
        const version = await applyChange(tx, target, { replace: input.datapoints }, stamp);
        const dataset = (await datasetStore.findLiveDataset(tx, projectId, { id: target.id }))!;
        return { dataset, version, created: !existing };
      });
    try {
      return await publish();
    } catch (error) {
      // Two first publications of one name raced: the loser's create met the name taken; now the dataset exists.
      if (error instanceof DomainError && error.code === 'conflict') return publish();
      throw error;
    }
  }

  /** A new version whose content is that of an earlier one (or a tag's): see restoreVersion. */
  async restore(caller: Caller, datasetId: string, request: RestoreRequest): Promise<Version> {
    const dataset = await this.datasets.get(caller, datasetId);
    return this.store.transaction(async (tx) => {
      const target = await chosenVersion(tx, dataset, { version: request.version });
      const stamp = stampOf(caller, this.clock);
      const restored = await restoreVersion(tx, dataset, target, request, stamp);
      await audit(tx, projectOf(caller), stamp, {
        action: 'dataset.restore',
        dataset_id: dataset.id,
        detail: { version: restored.version, restores: target },
      });
      return restored;
    });
  }

  async list(caller: Caller, datasetId: string, page: PageRequest): Promise<Page<Version>> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const after = cursorKey<[number]>('ver', page.cursor, ['version']);
    const rows = await versions.listVersions(this.store, dataset, after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'ver',
      (v) => [v.version],
      (v) => v,
    );
  }

  async get(caller: Caller, datasetId: string, version: number): Promise<Version> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const found = await versions.findVersion(this.store, dataset, versionIn(dataset, version));
    if (!found) throw notFound(`version ${version}`);
    return found;
  }
}

function checkChangeSet(change: ChangeSet, maxDatapoints: number): void {
  const { add = [], update = [], delete: del = [], replace } = change;
  if (replace !== undefined && (change.add || change.update || change.delete)) {
    throw invalid('replace cannot be combined with add, update or delete', [{ field: 'replace', message: 'must be alone' }]);
  }
  if (replace === undefined && add.length + update.length + del.length === 0) {
    throw invalid('a version must add, update, delete or replace datapoints');
  }
  const size = (replace?.length ?? 0) + add.length + update.length + del.length;
  if (size > maxDatapoints) {
    throw new DomainError(
      'payload_too_large',
      `at most ${maxDatapoints} datapoints per version in one request (add + update + delete + replace); this one has ${size}`,
    );
  }
  const seen = new Set<string>();
  for (const id of [...update.map((u) => u.id), ...del]) {
    if (seen.has(id))
      throw invalid(`datapoint ${id} appears more than once in update / delete`, [{ field: 'update', message: `duplicate id ${id}` }]);
    seen.add(id);
  }
}

/**
 * Moves the dataset's head on, inside a transaction the caller holds; with `base`, only
 * while the head is still that version. Returns the new version and the count before it.
 */
export async function nextHead(tx: Tx, dataset: Dataset, base: number | undefined, at: string) {
  const head = await versions.advanceHead(tx, dataset.seq, base ?? null, at);
  if (head) return head;
  throw base === undefined
    ? notFound('dataset')
    : new DomainError('version_conflict', `base_version ${base} is not the head version of this dataset`);
}

/** External ids are unique among a version's datapoints; the live index is what says so. */
export const EXTERNAL_ID_TAKEN =
  'an external_id here is already used by another datapoint of this version (external ids are unique within a version)';

/** Writes datapoint content, turning a clash of external ids into a 409. */
export function writeUnique(tx: Tx, datasetSeq: number, version: number, writes: DatapointWrite[]): Promise<void> {
  return uniquely(tx, { datapoint_external_id: EXTERNAL_ID_TAKEN }, () => versions.writeDatapoints(tx, datasetSeq, version, writes));
}

/** Applies a change set as the next version of a dataset, inside a transaction the caller holds. */
export async function applyChange(tx: Tx, dataset: Dataset, change: ChangeSet, stamp: Stamp): Promise<Version> {
  const at = stamp.at;
  const head = await nextHead(tx, dataset, change.base_version, at);
  const version = head.head_version;
  let count = head.datapoint_count;
  let deleted = 0;
  let toAdd = change.add ?? [];

  if (change.replace) {
    deleted = await versions.closeAllLive(tx, dataset.seq, version);
    count = 0;
    toAdd = change.replace;
  }
  if (change.delete?.length) {
    const closed = await versions.closeLive(tx, dataset.seq, version, change.delete);
    missing(change.delete, closed);
    deleted += closed.length;
    count -= closed.length;
  }
  const check = itemCheck(dataset.item_schemas);
  const checked = (part: string) => (writes: DatapointWrite[]) =>
    refuseBroken(
      check,
      writes.map((content, i) => ({ content, at: `body/${part}/${i}` })),
    );
  const updated = await applyUpdates(tx, dataset.seq, version, change.update ?? [], at, checked('update'));
  await insertNew(tx, dataset.seq, version, toAdd, at, checked(change.replace ? 'replace' : 'add'));
  count += toAdd.length;

  return recordVersion(tx, dataset, stamp, {
    version,
    message: change.message ?? null,
    datapoint_count: count,
    added: toAdd.length,
    updated,
    deleted,
  });
}

/** The last step of every commit: the version's record, with its author, and the dataset's new count. */
export async function recordVersion(
  tx: Tx,
  dataset: Dataset,
  stamp: Stamp,
  made: Pick<Version, 'version' | 'message' | 'datapoint_count' | 'added' | 'updated' | 'deleted'>,
): Promise<Version> {
  const version: Version = { dataset_id: dataset.id, ...made, created_at: stamp.at, key_id: stamp.key_id, user_id: stamp.user_id };
  await versions.insertVersion(tx, dataset, version);
  await versions.setDatapointCount(tx, dataset.seq, version.datapoint_count);
  if (stamp.project_id) await notify(tx, stamp.project_id, stamp.at, 'version.created', { ...made, dataset_id: dataset.id });
  return version;
}

/**
 * Copy-on-write: an updated datapoint's live row is closed at this version and a row
 * with the merged content opens, so every earlier version still reads the old one.
 */
async function applyUpdates(
  tx: Tx,
  datasetSeq: number,
  version: number,
  updates: DatapointUpdate[],
  at: string,
  check: (writes: DatapointWrite[]) => void,
): Promise<number> {
  if (updates.length === 0) return 0;
  const ids = updates.map((u) => u.id);
  const old = new Map((await versions.liveByIds(tx, datasetSeq, ids)).map((d) => [d.id, d]));
  missing(ids, [...old.keys()]);
  await versions.closeLive(tx, datasetSeq, version, ids);
  const writes = updates.map(({ id, ...fields }): DatapointWrite => {
    const before = old.get(id)!;
    return { ...changedContent(before, fields), created_at: before.created_at, updated_at: at };
  });
  check(writes);
  await writeUnique(tx, datasetSeq, version, writes);
  return updates.length;
}

async function insertNew(
  tx: Tx,
  datasetSeq: number,
  version: number,
  items: DatapointFields[],
  at: string,
  check: (writes: DatapointWrite[]) => void,
): Promise<void> {
  if (items.length === 0) return;
  const seqs = await tx.allocateDatapointSeqs(items.length);
  let nextOrder = ((await versions.maxLiveOrder(tx, datasetSeq)) ?? -1) + 1;
  const writes = items.map((fields, i): DatapointWrite => {
    const order = fields.order ?? nextOrder++;
    if (order > Number.MAX_SAFE_INTEGER) throw invalid('datapoint order overflow', [{ field: `add/${i}/order`, message: 'too large' }]);
    return { ...newContent(fields, { id: randomUUID(), seq: seqs[i], order }), created_at: at, updated_at: at };
  });
  check(writes);
  await writeUnique(tx, datasetSeq, version, writes);
}

/** Throws a 404 naming the ids that were asked for but are not live datapoints. */
function missing(asked: string[], found: string[]): void {
  if (found.length === asked.length) return;
  const present = new Set(found);
  const absent = asked.filter((id) => !present.has(id));
  throw new DomainError(
    'not_found',
    `datapoints not found at the head version: ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ', …' : ''}`,
    absent.slice(0, 100).map((id) => ({ field: 'id', message: `${id} not found` })),
  );
}
