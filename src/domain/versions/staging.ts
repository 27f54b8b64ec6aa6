import { randomUUID } from 'node:crypto';
import type { Store, Tx } from '../../store/store.js';
import * as stages from '../../store/stages.js';
import { retriedWhenLost } from '../../store/transient.js';
import type { Dataset } from '../../model/datasets.js';
import type { Version } from '../../model/datapoints.js';
import { isoAt, type Clock } from '../clock.js';
import { conflict } from '../errors.js';
import type { Stamp } from '../stamp.js';
import { Commit, refusedHead } from './commit.js';

/** How often a staged writer shows it is alive (while it waits for a slow upload, too). */
export const STAGE_HEARTBEAT_MS = 2_000;
/** Rows taken back out, or closed by a replace, per transaction: each holds the store's writer only briefly. */
const SLICE = 5_000;

/**
 * A version written in many short transactions (an import): other writers, and readers,
 * go on between them. Its rows open at the staged version, past the head, so no read
 * sees them; the rows it replaces close at it, so the head still reads them. Publishing
 * moves the head on in one small transaction. A dataset stages one version at a time,
 * and takes no other commit meanwhile (see Commit.open). If the writer fails, it takes
 * its rows back out; if it dies, the next sweep does (sweepStalled).
 */
export class StagedCommit {
  private readonly heartbeat: NodeJS.Timeout;

  private constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly stage: stages.Stage,
    readonly commit: Commit,
  ) {
    this.heartbeat = setInterval(() => void this.step(async () => {}).catch(() => {}), STAGE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Stages the next version of the dataset (with `base`, only from that head). */
  static async open(store: Store, clock: Clock, dataset: Dataset, base: number | undefined, stamp: Stamp): Promise<StagedCommit> {
    const by = randomUUID();
    const opened = await store.transaction((tx) => stages.openStage(tx, dataset.seq, base ?? null, by, stamp.at));
    if (!opened) throw await refusedHead(store, dataset, base);
    const stage = { datasetSeq: dataset.seq, version: opened.version, by };
    return new StagedCommit(store, clock, stage, new Commit(dataset, opened.version, opened.datapoint_count, stamp));
  }

  /** Runs `fn` in a short transaction of its own, once the stage is still this writer's. */
  step<T>(fn: (tx: Tx, commit: Commit) => Promise<T>): Promise<T> {
    return this.store.transaction(async (tx) => {
      if (!(await stages.touchStage(tx, this.stage, isoAt(this.clock)))) {
        throw conflict('the import stopped: its version was given up (the dataset was deleted, or the import was taken for dead)');
      }
      return fn(tx, this.commit);
    });
  }

  /** Deletes every live datapoint (a replace), a slice per transaction. */
  async clear(): Promise<void> {
    while ((await this.step((tx, commit) => commit.clear(tx, SLICE))) > 0);
  }

  /** Deletes every live datapoint in any of `splits` (a replace of those splits alone), a slice per transaction. */
  async clearSplits(splits: string[]): Promise<void> {
    while ((await this.step((tx, commit) => commit.clearSplits(tx, splits, SLICE))) > 0);
  }

  /** Makes the staged version the head, recorded as made now; `also` writes what else the version holds, in the same transaction. */
  async publish(message: string | null, also?: (tx: Tx, commit: Commit) => Promise<void>): Promise<Version> {
    clearInterval(this.heartbeat);
    const at = isoAt(this.clock);
    return this.store.transaction(async (tx) => {
      if (!(await stages.publishStage(tx, this.stage, this.commit.made.datapoint_count, at))) {
        throw conflict('the import stopped: its version was given up (the dataset was deleted, or the import was taken for dead)');
      }
      await also?.(tx, this.commit);
      return this.commit.record(tx, message, at);
    });
  }

  /** Gives the version up: its rows are taken back out and the dataset takes commits again. */
  async discard(): Promise<void> {
    clearInterval(this.heartbeat);
    await unstage(this.store, this.stage);
  }
}

/**
 * Each slice is one transaction that may run again: taking rows out can deadlock with the
 * search indexer reading them on PostgreSQL, and a version given up must still go.
 */
async function unstage(store: Store, stage: stages.Stage): Promise<void> {
  while ((await retriedWhenLost(() => store.transaction((tx) => stages.unstageRows(tx, stage, SLICE)))) > 0);
  await retriedWhenLost(() => store.transaction((tx) => stages.endStage(tx, stage)));
}

/**
 * Takes out the rows of versions whose writer has shown no sign of life since `before`
 * (a process killed mid-import): each is claimed first, so two sweepers never work on
 * one. Returns how many it took out.
 */
export async function sweepStalled(store: Store, before: string, at: string): Promise<number> {
  let swept = 0;
  for (const stalled of await stages.stalledStages(store, before)) {
    const stage = { ...stalled, by: randomUUID() };
    if (!(await store.transaction((tx) => stages.takeStage(tx, stalled, stage.by, at)))) continue;
    await unstage(store, stage);
    swept++;
  }
  return swept;
}
