import type { Store } from '../../store/store.js';
import * as store from '../../store/experiments.js';
import { findLiveDataset } from '../../store/datasets.js';
import type { ExperimentFilter, ExperimentRecord } from '../../store/experiments.js';
import { projectOf, type Caller } from '../caller.js';
import { isoAt, type Clock } from '../clock.js';
import { DomainError, notFound } from '../errors.js';
import { uniquely } from '../unique.js';
import { chosenVersion } from '../versions/select.js';
import { EXPERIMENT_THRESHOLD, settle } from './experiment-settle.js';
import type { DatasetService } from '../datasets.js';
import type { RunService } from './runs.js';

export type Experiment = ExperimentRecord;
export type { ExperimentFilter } from '../../store/experiments.js';

export interface ExperimentCreate {
  name: string;
  description?: string | null;
  metadata?: Record<string, unknown>;
  dataset_id: string;
  started_at?: string;
}

export interface ExperimentUpdate {
  name?: string;
  description?: string | null;
  metadata?: Record<string, unknown>;
  finished_at?: string;
  /**
   * The dataset version the experiment ran on, named by a time: its run is pinned to
   * the version current then, unless items it already has are not datapoints of that version.
   */
  dataset_as_of?: string;
}

/**
 * Experiments: runs made by evaluation clients, with a name unique in the project, a
 * description and metadata. They are runs like any other (items, scores, comparisons);
 * what clients send about their outcomes is recorded by ExperimentResults.
 */
export class ExperimentService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly runs: RunService,
    private readonly clock: Clock,
  ) {}

  /** A new experiment pinned to the head of its dataset; with `existing: 'return'`, one of that name is returned instead of a 409. */
  async create(caller: Caller, input: ExperimentCreate, existing: 'conflict' | 'return' = 'conflict'): Promise<Experiment> {
    const projectId = projectOf(caller);
    const dataset = await this.datasets.get(caller, input.dataset_id);
    const run = { dataset_id: dataset.id, run_type: 'DATASET', run_source: 'SDK', alias: input.name, threshold: EXPERIMENT_THRESHOLD };
    const row = { project_id: projectId, name: input.name, description: input.description ?? null, metadata: input.metadata ?? {} };
    try {
      return await this.store.transaction(async (tx) => {
        const made = await this.runs.insert(tx, caller, { ...run, started_at: input.started_at }, dataset.head_version);
        await uniquely(tx, { experiment_name: `an experiment named "${input.name}" already exists` }, () =>
          store.insertExperiment(tx, { ...row, run_id: made.id, at: isoAt(this.clock) }),
        );
        return (await store.findExperiment(tx, projectId, { id: made.id }))!;
      });
    } catch (error) {
      if (existing === 'return' && error instanceof DomainError && error.code === 'conflict') return this.get(caller, { name: input.name });
      throw error;
    }
  }

  async get(caller: Caller, key: store.ExperimentKey): Promise<Experiment> {
    const found = await store.findExperiment(this.store, projectOf(caller), key);
    if (!found) throw notFound('experiment');
    return found;
  }

  /** A page by offset, newest first. */
  list(caller: Caller, filter: ExperimentFilter, offset: number, limit: number): Promise<Experiment[]> {
    return store.pageExperiments(this.store, projectOf(caller), filter, offset, limit);
  }

  /** Changes only the fields given; a dataset version named by time re-pins the run and settles what waited for it. */
  async update(caller: Caller, id: string, patch: ExperimentUpdate): Promise<Experiment> {
    const projectId = projectOf(caller);
    const at = isoAt(this.clock);
    const updated = await this.store.transaction(async (tx) => {
      const experiment = await store.findExperiment(tx, projectId, { id });
      if (!experiment) throw notFound('experiment');
      const { name, description, metadata } = patch;
      await uniquely(tx, { experiment_name: `an experiment named "${name}" already exists` }, () =>
        store.updateExperiment(tx, id, { name, description, metadata, updated_at: at }),
      );
      // Read with this transaction: holding the experiment's lock, it must not wait for another connection.
      const dataset = patch.dataset_as_of === undefined ? undefined : await findLiveDataset(tx, projectId, { id: experiment.dataset_id });
      if (dataset && patch.dataset_as_of !== undefined) {
        const version = await chosenVersion(tx, dataset, { as_of: patch.dataset_as_of });
        if (version !== experiment.dataset_version && (await store.itemsAllIn(tx, id, dataset.seq, version))) {
          await store.repinRun(tx, id, version, at);
          await settle(tx, caller, { ...experiment, dataset_version: version }, dataset.seq, at);
        }
      }
      return (await store.findExperiment(tx, projectId, { id }))!;
    });
    if (patch.finished_at === undefined) return updated;
    const run = await this.runs.update(caller, id, { finished_at: patch.finished_at });
    return { ...updated, finished_at: run.finished_at };
  }
}
