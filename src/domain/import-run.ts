import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Tx } from '../store/store.js';
import type { Stamp } from './stamp.js';
import * as versions from '../store/versions.js';
import * as imports from '../store/imports.js';
import { violatedUnique } from '../store/unique.js';
import type { DatapointWrite } from '../store/datapoint-rows.js';
import type { Dataset } from '../model/datasets.js';
import type { ImportMode, ImportResult } from '../model/imports.js';
import { newContent } from './datapoint-content.js';
import { conflict, invalid } from './errors.js';
import { alreadyThere, externalIdOf, namedTwice, refuseRepeats, type ImportRow, type PendingRow } from './import-rows.js';
import { Matcher } from './import-match.js';
import { itemCheck, refuseBroken, type ItemCheck } from './item-schemas.js';
import { nextHead, recordVersion } from './versions.js';

const SEQ_BLOCK = 20_000;

/** A batch ready to write: its rows, and (adding) their new datapoints, to be numbered. */
export interface Prepared {
  pending: PendingRow[];
  rows: ImportRow[];
  drafts: DatapointWrite[];
}

/** Rows read and drafted between turns of the event loop (about a millisecond of work). */
const PREPARE_TURN = 128;

export interface RunOptions {
  mode: ImportMode;
  base: number | undefined;
  /** When, and by whom: the version records it. */
  stamp: Stamp;
  /** Reads a source row into datapoint fields through the mapping and checks them, throwing a 4xx naming it. */
  read: (row: PendingRow) => ImportRow;
}

/**
 * One import being committed as one version, batch by batch, inside the transaction
 * that makes it visible all at once. It keeps counts, never rows: memory stays flat
 * however large the file.
 */
export class ImportRun {
  private added = 0;
  private updated = 0;
  private deleted = 0;
  private unchanged = 0;
  private rows = 0;
  private nextOrder = 0;
  private readonly check: ItemCheck | null;
  private count = 0;
  private version = 0;
  private reserved: number[] = [];
  private matcher!: Matcher;

  private constructor(
    private readonly tx: Tx,
    private readonly dataset: Dataset,
    private readonly options: RunOptions,
  ) {
    this.check = itemCheck(dataset.item_schemas);
  }

  /** Opens the next version (409 unless `base` is still the head); replace empties it first. */
  static async begin(tx: Tx, dataset: Dataset, options: RunOptions): Promise<ImportRun> {
    const run = new ImportRun(tx, dataset, options);
    const head = await nextHead(tx, dataset, options.base, options.stamp.at);
    run.version = head.head_version;
    run.count = head.datapoint_count;
    if (options.mode === 'replace') {
      run.deleted = await versions.closeAllLive(tx, dataset.seq, run.version);
      run.count = 0;
    }
    run.matcher = new Matcher(tx, dataset.seq, run.version, options.read, options.stamp.at);
    run.nextOrder = ((await versions.maxLiveOrder(tx, dataset.seq)) ?? -1) + 1;
    return run;
  }

  private get adding(): boolean {
    return this.options.mode === 'add' || this.options.mode === 'replace';
  }

  /**
   * The work on a batch that needs nothing from the store, done while the previous batch
   * is still being written: checks, and (adding) every new datapoint's content.
   */
  async prepare(pending: PendingRow[]): Promise<Prepared> {
    this.rows += pending.length;
    if (!this.adding) return { pending, rows: [], drafts: [] };
    const rows: ImportRow[] = [];
    const drafts: DatapointWrite[] = [];
    for (const row of pending) {
      rows.push(this.options.read(row));
      drafts.push(this.draft(rows[rows.length - 1]));
      // Parsing and checking a batch is the import's longest stretch of work: let other requests in.
      if (rows.length % PREPARE_TURN === 0) await nextTurn();
    }
    refuseRepeats(rows);
    this.refuseBroken(drafts, rows);
    return { pending, rows, drafts };
  }

  /** Datapoints that break the dataset's item schemas stop the import, named by their rows. */
  private refuseBroken(writes: DatapointWrite[], rows: ImportRow[]): void {
    refuseBroken(
      this.check,
      writes.map((content, i) => ({ content, at: rows[i].at })),
    );
  }

  /** Writes a prepared batch. */
  async write({ pending, rows, drafts }: Prepared): Promise<void> {
    if (this.adding) await this.add(rows, drafts);
    else await this.upsert(pending);
  }

  /**
   * Every row is a new datapoint. A row's own id must not be live already; external ids
   * are left to the unique index, and looked up only when it refuses one.
   */
  private async add(rows: ImportRow[], drafts: DatapointWrite[]): Promise<void> {
    const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
    const live = new Map((await imports.liveKeys(this.tx, this.dataset.seq, ids, [])).map((k) => [k.id, k]));
    for (const row of rows) {
      const match = row.id ? live.get(row.id) : undefined;
      if (match) throw match.valid_from === this.version ? namedTwice(row, 'an earlier row') : alreadyThere(row, match);
    }
    await this.numbered(drafts, ids);
    await this.insert(drafts, rows);
  }

  /**
   * Rows that name a live datapoint update it, unless they leave it as it is (see
   * Matcher); the others are added.
   */
  private async upsert(pending: PendingRow[]): Promise<void> {
    const { unchanged, changes, changed, creates } = await this.matcher.match(pending);
    this.unchanged += unchanged;
    if (changes.length)
      await versions.closeLive(
        this.tx,
        this.dataset.seq,
        this.version,
        changes.map((c) => c.id),
      );
    const fresh = creates.map((row) => this.draft(row));
    this.refuseBroken([...changes, ...fresh], [...changed, ...creates]);
    await this.numbered(
      fresh,
      creates.flatMap((r) => (r.id ? [r.id] : [])),
    );
    await this.insert([...changes, ...fresh], [...changed, ...creates]);
    this.updated += changes.length;
  }

  /** Sync deletes what the file did not name; returns what the version did. */
  async finish(message: string | null): Promise<ImportResult> {
    if (this.options.mode === 'sync') {
      const closed = await imports.closeUnseen(this.tx, this.dataset.seq, this.version, this.matcher.seen);
      this.deleted += closed;
      this.count -= closed;
    }
    const created = this.added + this.updated + this.deleted > 0;
    const result: ImportResult = {
      dataset_id: this.dataset.id,
      version: created ? this.version : this.version - 1,
      created,
      rows: this.rows,
      added: this.added,
      updated: this.updated,
      deleted: this.deleted,
      unchanged: this.unchanged,
      datapoint_count: this.count,
      message,
    };
    if (!created) return result;
    const { added, updated, deleted, datapoint_count } = result;
    await recordVersion(this.tx, this.dataset, this.options.stamp, {
      version: this.version,
      message,
      datapoint_count,
      added,
      updated,
      deleted,
    });
    return result;
  }

  /** A new datapoint's content from a row: its own id or a fresh one, its own order or the next. Numbered later. */
  private draft(row: ImportRow): DatapointWrite {
    const order = row.fields.order ?? this.nextOrder++;
    if (order > Number.MAX_SAFE_INTEGER)
      throw invalid(`${row.at}: order is too large`, [{ field: `${row.at}/order`, message: 'too large' }]);
    const { at } = this.options.stamp;
    return {
      ...newContent(row.fields, { id: row.id ?? randomUUID(), seq: 0, order }),
      created_at: at,
      updated_at: at,
      source_hash: row.sourceHash,
    };
  }

  /**
   * Gives new datapoints their sequence numbers: the one a row's id had, when it named a
   * datapoint deleted earlier (the datapoint comes back), else a fresh one.
   */
  private async numbered(drafts: DatapointWrite[], ids: string[]): Promise<void> {
    const past = ids.length ? await imports.pastSeqs(this.tx, this.dataset.seq, ids) : new Map<string, number>();
    const fresh = await this.seqs(drafts.filter((d) => !past.has(d.id)).length);
    let next = 0;
    for (const draft of drafts) draft.seq = past.get(draft.id) ?? fresh[next++];
    this.added += drafts.length;
    this.count += drafts.length;
  }

  /**
   * Fresh sequence numbers, reserved a block at a time: one round trip to the store per
   * block rather than per batch (numbers left over when the import ends stay unused).
   */
  private async seqs(count: number): Promise<number[]> {
    if (this.reserved.length < count) this.reserved.push(...(await this.tx.allocateDatapointSeqs(Math.max(count, SEQ_BLOCK))));
    return this.reserved.splice(0, count);
  }

  /** Writes rows; when the external-id index refuses one, says which row and why. */
  private async insert(writes: DatapointWrite[], rows: ImportRow[]): Promise<void> {
    if (writes.length === 0) return;
    try {
      await versions.writeDatapoints(this.tx, this.dataset.seq, this.version, writes);
    } catch (error) {
      if (violatedUnique(this.tx, error) !== 'datapoint_external_id') throw error;
      throw await this.externalIdClash(rows);
    }
  }

  private async externalIdClash(rows: ImportRow[]): Promise<Error> {
    const named = rows.flatMap((r) => externalIdOf(r) ?? []);
    const live = new Map((await imports.liveKeys(this.tx, this.dataset.seq, [], named)).map((k) => [k.external_id, k]));
    for (const row of rows) {
      const match = live.get(externalIdOf(row) ?? null);
      if (match) return match.valid_from === this.version ? namedTwice(row, 'an earlier row') : alreadyThere(row, match);
    }
    return conflict('an external_id here is already used by another datapoint of this version (external ids are unique within a version)');
  }
}
