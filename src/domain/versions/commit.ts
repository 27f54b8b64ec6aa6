import type { Queryable, Tx } from '../../store/store.js';
import * as versions from '../../store/versions.js';
import { countLiveFiles } from '../../store/files.js';
import { violatedUnique } from '../../store/unique.js';
import type { DatapointWrite } from '../../store/datapoint-rows.js';
import type { Dataset } from '../../model/datasets.js';
import type { DatapointFields, Version } from '../../model/datapoints.js';
import { conflict, DomainError, notFound } from '../errors.js';
import { itemCheck, refuseBroken, type ItemCheck } from '../item-schemas.js';
import { unplacedDraft, type Draft } from './drafts.js';
import { notify } from '../notify.js';
import { refuseDanglingReferences, refuseUnknownAttachments } from '../attachment-refs.js';
import type { Stamp } from '../stamp.js';

/** External ids are unique among a version's datapoints; the live index is what says so. */
export const EXTERNAL_ID_TAKEN =
  'an external_id here is already used by another datapoint of this version (external ids are unique within a version)';

/** Fresh sequence numbers reserved at a time: one round trip per block, not per batch (leftovers stay unused). */
const SEQ_BLOCK = 20_000;

/** What a version did, as its record says (its file count aside: the store counts the tree it leaves). */
export type Made = Pick<Version, 'datapoint_count' | 'added' | 'updated' | 'deleted' | 'files_added' | 'files_updated' | 'files_deleted'>;

/** How many files a version added, replaced and removed. */
export interface FilesMade {
  added: number;
  updated: number;
  deleted: number;
}

/**
 * The one way a version is made. Every change to a dataset's datapoints (a JSON commit,
 * an import of any format, a restore, a telemetry cut) opens a Commit on the next
 * version, closes and writes rows through it, and records it. Each rule of a version is
 * here once: the base-version check, order and sequence numbers, item schemas, external
 * ids, the version's record with its author, and its webhook.
 *
 * Copy-on-write: a datapoint's row is visible in versions [valid_from, valid_to). A
 * changed or deleted datapoint's live row is closed at this version and (changed) a row
 * with the new content opens, so every earlier version still reads what it read.
 *
 * A Commit holds no transaction: each call takes the one to run in, so a staged commit
 * (staging.ts) can write in many short ones.
 */
export class Commit {
  private added = 0;
  private updated = 0;
  private deleted = 0;
  private readonly files: FilesMade = { added: 0, updated: 0, deleted: 0 };
  private nextOrder: number | undefined;
  private reserved: number[] = [];
  private readonly check: ItemCheck | null;

  constructor(
    readonly dataset: Dataset,
    readonly version: number,
    /** Datapoints the dataset holds so far in this version. */
    private count: number,
    readonly stamp: Stamp,
  ) {
    this.check = itemCheck(dataset.item_schemas);
  }

  /** Opens the next version in `tx`: the head moves now, and is seen when `tx` commits. With `base`, only from that head. */
  static async open(tx: Tx, dataset: Dataset, base: number | undefined, stamp: Stamp): Promise<Commit> {
    const head = await versions.advanceHead(tx, dataset.seq, base ?? null, stamp.at);
    if (!head) throw await refusedHead(tx, dataset, base);
    return new Commit(dataset, head.head_version, head.datapoint_count, stamp);
  }

  get made(): Made {
    const { files } = this;
    return {
      datapoint_count: this.count,
      added: this.added,
      updated: this.updated,
      deleted: this.deleted,
      files_added: files.added,
      files_updated: files.updated,
      files_deleted: files.deleted,
    };
  }

  /** Whether the version changes anything. */
  get changed(): boolean {
    const { files } = this;
    return this.added + this.updated + this.deleted + files.added + files.updated + files.deleted > 0;
  }

  /** Counts what a change to the tree (tree.ts) did. */
  changedFiles(counts: FilesMade): void {
    this.files.added += counts.added;
    this.files.updated += counts.updated;
    this.files.deleted += counts.deleted;
  }

  /** Deletes every live datapoint (a replace), at most `limit` at a time when given; returns how many it closed. */
  async clear(tx: Tx, limit?: number): Promise<number> {
    const closed = await versions.closeAllLive(tx, this.dataset.seq, this.version, limit);
    this.gone(closed);
    return closed;
  }

  /** Deletes up to `limit` live datapoints that are in any of `splits` (a replace of those splits); returns how many it closed. */
  async clearSplits(tx: Tx, splits: string[], limit: number): Promise<number> {
    const closed = await versions.closeLiveInSplits(tx, this.dataset.seq, this.version, splits, limit);
    this.gone(closed);
    return closed;
  }

  /** Deletes these live datapoints; a 404 names any that are not. */
  async delete(tx: Tx, ids: string[]): Promise<void> {
    const closed = await versions.closeLive(tx, this.dataset.seq, this.version, ids);
    refuseMissing(ids, closed);
    this.gone(closed.length);
  }

  /** Deletes the live datapoints older than this version that are not among `kept` (sequence numbers); returns how many. */
  async deleteAllBut(tx: Tx, kept: number[]): Promise<number> {
    const closed = await versions.closeLiveExcept(tx, this.dataset.seq, this.version, kept);
    this.gone(closed);
    return closed;
  }

  private gone(count: number): void {
    this.deleted += count;
    this.count -= count;
  }

  /** Loads where new datapoints go: after the last live one (after a replace has cleared the dataset, from 0). */
  async ready(tx: Tx): Promise<void> {
    this.nextOrder = ((await versions.maxLiveOrder(tx, this.dataset.seq)) ?? -1) + 1;
  }

  /** A new datapoint's content: its own id or a fresh one, its own order or the next. Numbered when added. */
  draft(fields: DatapointFields, at: string, identity: { id?: string; source_hash?: string } = {}): DatapointWrite {
    return this.place(unplacedDraft(fields, at, this.stamp.at, identity));
  }

  /** Gives a draft its place: the next order after the last one given, unless it names its own. */
  place(draft: Draft): DatapointWrite {
    if (this.nextOrder === undefined) throw new Error('Commit.ready() must run before placing drafts');
    draft.order ??= this.nextOrder++;
    return draft as DatapointWrite;
  }

  /**
   * Refuses datapoints that break the dataset's item schemas, name an attachment the
   * dataset's project did not upload, or point at one they do not name, each named by
   * its place (`body/add/3`, `line 12`).
   */
  async checked(tx: Tx, writes: DatapointWrite[], places: string[]): Promise<void> {
    refuseBroken(
      this.check,
      writes.map((content, i) => ({ content, at: places[i] })),
    );
    refuseDanglingReferences(writes, places);
    // The writer's project is the dataset's: only its own key writes a dataset.
    await refuseUnknownAttachments(tx, this.stamp.project_id, writes, places, this.stamp.at);
  }

  /**
   * Adds new datapoints. A draft whose id the client gave (`named`) and a datapoint of an
   * earlier version had takes that datapoint's sequence number back (it returns); the
   * others get fresh ones.
   */
  async add(tx: Tx, drafts: DatapointWrite[], places: string[], options: { named?: string[]; clash?: Clash } = {}): Promise<void> {
    if (drafts.length === 0) return;
    await this.checked(tx, drafts, places);
    const past = options.named?.length ? await versions.pastSeqs(tx, this.dataset.seq, options.named) : new Map<string, number>();
    const fresh = await this.seqs(drafts.filter((d) => !past.has(d.id)).length, tx);
    let next = 0;
    for (const draft of drafts) draft.seq = past.get(draft.id) ?? fresh[next++];
    await this.write(tx, drafts, options.clash);
    this.added += drafts.length;
    this.count += drafts.length;
  }

  /** Gives live datapoints new content (same id and sequence number): their rows close and new ones open. */
  async change(tx: Tx, writes: DatapointWrite[], places: string[], clash?: Clash): Promise<void> {
    if (writes.length === 0) return;
    await this.checked(tx, writes, places);
    await this.reopen(
      tx,
      writes.map((w) => w.id),
      writes,
      clash,
    );
    this.updated += writes.length;
  }

  /**
   * Writes contents as they were (a restore): the live rows of `close` end, then each
   * content opens again under its own id and sequence number.
   */
  async rewrite(
    tx: Tx,
    close: string[],
    writes: DatapointWrite[],
    counts: { added: number; updated: number; deleted: number },
  ): Promise<void> {
    await this.reopen(tx, close, writes);
    this.added += counts.added;
    this.updated += counts.updated;
    this.deleted += counts.deleted;
    this.count += counts.added - counts.deleted;
  }

  /** Closes first: new content may take back an external id the old row holds. */
  private async reopen(tx: Tx, close: string[], writes: DatapointWrite[], clash?: Clash): Promise<void> {
    await versions.closeLive(tx, this.dataset.seq, this.version, close);
    await this.write(tx, writes, clash);
  }

  /** Writes rows at the driver's bulk speed; when the external-id index refuses one, says why (as `clash` names it). */
  private async write(tx: Tx, writes: DatapointWrite[], clash?: Clash): Promise<void> {
    try {
      await versions.writeDatapoints(tx, this.dataset.seq, this.version, writes);
    } catch (error) {
      if (violatedUnique(tx, error) !== 'datapoint_external_id') throw error;
      throw (await clash?.(tx)) ?? conflict(EXTERNAL_ID_TAKEN);
    }
  }

  private async seqs(count: number, tx: Tx): Promise<number[]> {
    if (this.reserved.length < count) this.reserved.push(...(await tx.allocateDatapointSeqs(Math.max(count, SEQ_BLOCK))));
    return this.reserved.splice(0, count);
  }

  /**
   * The version's record, with its author, and its webhook. The head and the dataset's
   * count are set by whoever opened the commit (here for open(); staging.ts publishes).
   */
  async record(tx: Tx, message: string | null, at = this.stamp.at): Promise<Version> {
    const made = { version: this.version, message, ...this.made, file_count: await countLiveFiles(tx, this.dataset.seq) };
    const { key_id, user_id, project_id } = this.stamp;
    const version: Version = { dataset_id: this.dataset.id, ...made, created_at: at, key_id, user_id };
    await versions.insertVersion(tx, this.dataset, version);
    if (project_id) await notify(tx, project_id, at, 'version.created', { ...made, dataset_id: this.dataset.id });
    return version;
  }

  /** Records a commit opened with open(): its version, and the dataset's new count. */
  async publish(tx: Tx, message: string | null): Promise<Version> {
    await versions.setDatapointCount(tx, this.dataset.seq, this.count);
    return this.record(tx, message);
  }
}

/** Says why a write refused by the external-id index was refused, or leaves the generic 409. */
export type Clash = (tx: Tx) => Promise<Error | undefined>;

/** Why the head could not move on: the dataset is gone, an import is writing it, or the head is not `base`. */
export async function refusedHead(q: Queryable, dataset: Dataset, base: number | undefined): Promise<DomainError> {
  const state = await versions.headState(q, dataset.seq);
  if (!state || state.deleted) return notFound('dataset');
  if (state.staged_version !== null) {
    return new DomainError(
      'version_conflict',
      `an import is writing version ${state.staged_version} of this dataset; commit again once it has finished`,
    );
  }
  return new DomainError('version_conflict', `base_version ${base} is not the head version of this dataset`);
}

/** Throws a 404 naming the ids that were asked for but are not live datapoints. */
export function refuseMissing(asked: string[], found: string[]): void {
  if (found.length === asked.length) return;
  const present = new Set(found);
  const absent = asked.filter((id) => !present.has(id));
  throw new DomainError(
    'not_found',
    `datapoints not found at the head version: ${absent.slice(0, 10).join(', ')}${absent.length > 10 ? ', …' : ''}`,
    absent.slice(0, 100).map((id) => ({ field: 'id', message: `${id} not found` })),
  );
}
