import { randomUUID } from 'node:crypto';
import type { Store, Tx } from '../store/store.js';
import { LIVE } from '../store/store.js';
import * as versions from '../store/versions.js';
import * as datasetStore from '../store/datasets.js';
import type { DatasetRow } from '../store/datasets.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { DomainError, invalid, notFound } from './errors.js';
import { LIMITS } from './limits.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { newRow, updatedRow, type DatapointFields } from './datapoint-model.js';
import { newDatasetRow, toDataset, type Dataset, type DatasetService } from './datasets.js';

export interface DatapointUpdate extends DatapointFields {
  id: string;
}

/** One change to a dataset's datapoints: either replace, or any of add / update / delete. */
export interface ChangeSet {
  message?: string | null;
  base_version?: number;
  add?: DatapointFields[];
  update?: DatapointUpdate[];
  delete?: string[];
  replace?: DatapointFields[];
}

export interface Version {
  dataset_id: string;
  version: number;
  message: string | null;
  datapoint_count: number;
  added: number;
  updated: number;
  deleted: number;
  created_at: string;
}

/** Commits and reads dataset versions. A version, once committed, never changes. */
export class VersionService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
  ) {}

  /**
   * Makes the next version from a change set, atomically: the head moves and every
   * row is written in one transaction, or nothing is visible at all.
   */
  async commit(projectId: string, datasetId: string, change: ChangeSet): Promise<Version> {
    checkChangeSet(change);
    const dataset = await this.datasets.row(projectId, datasetId);
    return this.store.transaction((tx) => applyChange(tx, dataset, change));
  }

  /**
   * Publishes a dataset by name holding exactly these datapoints: a new dataset at
   * version 1, or, when the project has a live dataset of that name, its next version.
   */
  async publishByName(
    projectId: string,
    input: { name: string; description?: string | null; datapoints: DatapointFields[]; owner_user_id?: string | null },
  ): Promise<{ dataset: Dataset; version: Version; created: boolean }> {
    checkChangeSet({ replace: input.datapoints });
    const publish = () =>
      this.store.transaction(async (tx) => {
        const existing = await datasetStore.findLiveDatasetByName(tx, projectId, input.name);
        const row = existing ?? (await datasetStore.insertDataset(tx, newDatasetRow(projectId, { name: input.name, description: input.description, owner_user_id: input.owner_user_id })));
        if (existing && input.description !== undefined) {
          await datasetStore.updateLiveDataset(tx, projectId, { id: row.id }, { description: input.description, updated_at: now() });
        }
        const version = await applyChange(tx, row, { replace: input.datapoints });
        const dataset = toDataset((await datasetStore.findLiveDataset(tx, projectId, row.id))!);
        return { dataset, version, created: !existing };
      });
    try {
      return await publish();
    } catch (error) {
      // Two first publications of one name raced: the loser's insert hit the unique name; now it exists.
      if (this.store.dialect.isUniqueViolation(error)) return publish();
      throw error;
    }
  }

  async list(projectId: string, datasetId: string, page: PageRequest): Promise<Page<Version>> {
    const dataset = await this.datasets.row(projectId, datasetId);
    const after = cursorKey<[number]>('ver', page.cursor, ['number']);
    const rows = await versions.listVersions(this.store, dataset.seq, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'ver', (r) => [r.version], (r) => toVersion(dataset.id, r));
  }

  async get(projectId: string, datasetId: string, version: number): Promise<Version> {
    const dataset = await this.datasets.row(projectId, datasetId);
    const row = await versions.findVersion(this.store, dataset.seq, version);
    if (!row) throw notFound(`version ${version}`);
    return toVersion(dataset.id, row);
  }
}

function checkChangeSet(change: ChangeSet): void {
  const { add = [], update = [], delete: del = [], replace } = change;
  if (replace !== undefined && (change.add || change.update || change.delete)) {
    throw invalid('replace cannot be combined with add, update or delete', [{ field: 'replace', message: 'must be alone' }]);
  }
  if (replace === undefined && add.length + update.length + del.length === 0) {
    throw invalid('a version must add, update, delete or replace datapoints');
  }
  const size = (replace?.length ?? 0) + add.length + update.length + del.length;
  if (size > LIMITS.ndjsonDatapointsMax) throw new DomainError('payload_too_large', `at most ${LIMITS.ndjsonDatapointsMax} datapoints per version`);
  const seen = new Set<string>();
  for (const id of [...update.map((u) => u.id), ...del]) {
    if (seen.has(id)) throw invalid(`datapoint ${id} appears more than once in update / delete`, [{ field: 'update', message: `duplicate id ${id}` }]);
    seen.add(id);
  }
}

/** Applies a change set as the next version, inside a transaction the caller holds. */
export async function applyChange(tx: Tx, dataset: DatasetRow, change: ChangeSet): Promise<Version> {
  const at = now();
  const head = await versions.advanceHead(tx, dataset.seq, change.base_version ?? null, at);
  if (!head) {
    throw change.base_version === undefined
      ? notFound('dataset')
      : new DomainError('version_conflict', `base_version ${change.base_version} is not the head version of this dataset`);
  }
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
  const updated = await applyUpdates(tx, dataset.seq, version, change.update ?? [], at);
  await insertNew(tx, dataset.seq, version, toAdd, at);
  count += toAdd.length;

  const row = {
    dataset_seq: dataset.seq,
    version,
    message: change.message ?? null,
    datapoint_count: count,
    added: toAdd.length,
    updated,
    deleted,
    created_at: at,
  };
  await versions.insertVersion(tx, row);
  await versions.setDatapointCount(tx, dataset.seq, count);
  return toVersion(dataset.id, row);
}

async function applyUpdates(tx: Tx, datasetSeq: number, version: number, updates: DatapointUpdate[], at: string): Promise<number> {
  if (updates.length === 0) return 0;
  const ids = updates.map((u) => u.id);
  const old = new Map((await versions.liveRowsByIds(tx, datasetSeq, ids)).map((r) => [r.id, r]));
  missing(ids, [...old.keys()]);
  await versions.closeLive(tx, datasetSeq, version, ids);
  await tx.insertDatapoints(updates.map(({ id, ...fields }) => updatedRow(old.get(id)!, fields, version, at)));
  return updates.length;
}

async function insertNew(tx: Tx, datasetSeq: number, version: number, items: DatapointFields[], at: string): Promise<void> {
  if (items.length === 0) return;
  const seqs = await tx.allocateDatapointSeqs(items.length);
  let nextOrder = ((await versions.maxLiveOrder(tx, datasetSeq)) ?? -1) + 1;
  const rows = items.map((fields, i) => {
    const order = fields.order ?? nextOrder++;
    if (order > Number.MAX_SAFE_INTEGER) throw invalid('datapoint order overflow', [{ field: `add/${i}/order`, message: 'too large' }]);
    return newRow(fields, { datasetSeq, id: randomUUID(), seq: seqs[i], order, version, at, liveTo: LIVE });
  });
  await tx.insertDatapoints(rows);
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

function toVersion(datasetId: string, row: versions.VersionRow): Version {
  return {
    dataset_id: datasetId,
    version: row.version,
    message: row.message,
    datapoint_count: row.datapoint_count,
    added: row.added,
    updated: row.updated,
    deleted: row.deleted,
    created_at: row.created_at,
  };
}
