import type { Store } from '../../store/store.js';
import * as versions from '../../store/versions.js';
import * as datasetStore from '../../store/datasets.js';
import type { Dataset } from '../../model/datasets.js';
import type { ChangeSet, DatapointFields, Version } from '../../model/datapoints.js';
import type { RestoreRequest } from '../../model/version-tags.js';
import { projectOf, type Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import type { Page } from '../cursor.js';
import { DomainError, notFound } from '../errors.js';
import { cursorKey, pageOf, type PageRequest } from '../pages.js';
import type { DatasetService } from '../datasets.js';
import { stampOf } from '../stamp.js';
import { audit } from '../audit.js';
import { chosenVersion, versionIn } from './select.js';
import { Commit } from './commit.js';
import { applyChange, checkChangeSet } from './change.js';
import { restoreInto } from './restore.js';
import { sweepStalled } from './staging.js';

/** Commits and reads dataset versions. A version, once committed, never changes. */
export class VersionService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
    /** After how long without a sign of life a staged version's writer is taken for dead. */
    private readonly stallMs: number,
  ) {}

  /**
   * Makes the next version from a change set, atomically: the head moves and every
   * row is written in one transaction, or nothing is visible at all. `maxDatapoints`
   * bounds add + update + delete + replace together (it depends on how they arrived).
   */
  async commit(caller: Caller, datasetId: string, change: ChangeSet, maxDatapoints: number): Promise<Version> {
    checkChangeSet(change, maxDatapoints);
    const dataset = await this.datasets.get(caller, datasetId);
    const stamp = stampOf(caller, this.clock);
    return this.store.transaction(async (tx) => {
      const commit = await Commit.open(tx, dataset, change.base_version, stamp);
      await applyChange(tx, commit, change);
      return commit.publish(tx, change.message ?? null);
    });
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
        const existing = await datasetStore.findLiveDataset(tx, projectId, { name: input.name });
        const target =
          existing ?? (await this.datasets.create(caller, { name: input.name, description: input.description }, undefined, tx));
        if (existing && input.description !== undefined) {
          await datasetStore.updateLiveDataset(tx, projectId, { id: target.id }, { description: input.description, updated_at: stamp.at });
        }
        const commit = await Commit.open(tx, target, undefined, stamp);
        await applyChange(tx, commit, { replace: input.datapoints });
        const version = await commit.publish(tx, null);
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

  /** A new version whose content is that of an earlier one (or a tag's): see restoreInto. */
  async restore(caller: Caller, datasetId: string, request: RestoreRequest): Promise<Version> {
    const dataset = await this.datasets.get(caller, datasetId);
    const stamp = stampOf(caller, this.clock);
    return this.store.transaction(async (tx) => {
      const target = await chosenVersion(tx, dataset, { version: request.version });
      const commit = await Commit.open(tx, dataset, request.base_version, stamp);
      await restoreInto(tx, commit, target);
      const restored = await commit.publish(tx, request.message ?? `restore version ${target}`);
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

  /**
   * Takes out the rows of versions whose import died (a killed process): those whose
   * writer has shown no sign of life for a while, or, when this process starts on a
   * store only it uses, every one.
   */
  sweepStalled(atStart = false): Promise<number> {
    const now = this.clock.ms();
    const since = atStart && this.store.exclusive ? now : now - this.stallMs;
    return sweepStalled(this.store, new Date(since).toISOString(), new Date(now).toISOString());
  }

  /** How often sweepStalled should look. */
  get sweepEveryMs(): number {
    return this.stallMs / 2;
  }
}
