import type { Store, Tx } from '../../store/store.js';
import * as imports from '../../store/imports.js';
import type { DatapointWrite } from '../../store/datapoint-rows.js';
import type { Dataset } from '../../model/datasets.js';
import type { FileChanges } from '../../model/files.js';
import type { ImportMode, ImportResult } from '../../model/imports.js';
import { conflict } from '../errors.js';
import type { Clock } from '../clock.js';
import type { Stamp } from '../stamp.js';
import { EXTERNAL_ID_TAKEN, type Clash } from '../versions/commit.js';
import { StagedCommit } from '../versions/staging.js';
import { applyFileChanges, checkFileChanges } from '../versions/tree.js';
import { alreadyThere, externalIdOf, namedTwice, type ImportRow, type PendingRow } from './rows.js';
import { Matcher } from './match.js';
import { revived, type ReadBatch } from './reading.js';
import { applySplitSchemas, type SplitSchemaChange } from '../versions/split-schemas.js';

export interface RunOptions {
  mode: ImportMode;
  base: number | undefined;
  /** When, and by whom: the version records it. */
  stamp: Stamp;
  /** A replace of these splits alone: the datapoints of other splits are kept. */
  splits?: string[];
  /** Files the version puts in or deletes from its tree. */
  files?: FileChanges;
  /** Kept schemas the version sets for splits, as it is published. */
  splitSchemas?: SplitSchemaChange[];
  /** Reads a source row into datapoint fields through the mapping and checks them, throwing a 4xx naming it. */
  read: (row: PendingRow) => ImportRow;
}

/**
 * One import being made into one version, batch by batch, each batch in a short
 * transaction of its own (a staged commit): other writers go on between them, and no
 * reader sees a row until the version is published. It keeps counts, never rows:
 * memory stays flat however large the file.
 */
export class ImportRun {
  private rows = 0;
  private unchanged = 0;
  private readonly matcher: Matcher;

  private constructor(
    private readonly staged: StagedCommit,
    private readonly options: RunOptions,
  ) {
    this.matcher = new Matcher(staged.commit.dataset.seq, staged.commit.version, options.read, options.stamp.at);
  }

  /** Stages the next version (409 unless `base` is still the head); replace empties it first. Its files go in first. */
  static async begin(store: Store, clock: Clock, dataset: Dataset, options: RunOptions): Promise<ImportRun> {
    const { files } = options;
    if (files) checkFileChanges(files, 'files');
    const staged = await StagedCommit.open(store, clock, dataset, options.base, options.stamp);
    try {
      if (files) await staged.step((tx, commit) => applyFileChanges(tx, commit, files));
      if (options.mode === 'replace') await (options.splits ? staged.clearSplits(options.splits) : staged.clear());
      await staged.step((tx, commit) => commit.ready(tx));
    } catch (error) {
      await staged.discard();
      throw error;
    }
    return new ImportRun(staged, options);
  }

  private get adding(): boolean {
    return this.options.mode === 'add' || this.options.mode === 'replace';
  }

  /** Writes a batch, in a transaction of its own. */
  write({ pending, rows, drafts }: ReadBatch): Promise<void> {
    this.rows += pending.length + rows.length;
    return this.staged.step((tx) =>
      this.adding
        ? this.add(
            tx,
            rows,
            drafts.map((d) => this.staged.commit.place(d)),
          )
        : this.upsert(tx, pending.map(revived)),
    );
  }

  /**
   * Every row is a new datapoint. A row's own id must not be live already; external ids
   * are left to the unique index, and looked up only when it refuses one.
   */
  private async add(tx: Tx, rows: ImportRow[], drafts: DatapointWrite[]): Promise<void> {
    const ids = rows.flatMap((r) => (r.id ? [r.id] : []));
    const live = new Map((await imports.liveKeys(tx, this.staged.commit.dataset.seq, ids, [])).map((k) => [k.id, k]));
    for (const row of rows) {
      const match = row.id ? live.get(row.id) : undefined;
      if (match) throw match.valid_from === this.staged.commit.version ? namedTwice(row, 'an earlier row') : alreadyThere(row, match);
    }
    await this.staged.commit.add(tx, drafts, placesOf(rows), { named: ids, clash: this.clash(rows) });
  }

  /**
   * Rows that name a live datapoint update it, unless they leave it as it is (see
   * Matcher); the others are added.
   */
  private async upsert(tx: Tx, pending: PendingRow[]): Promise<void> {
    const { unchanged, changes, changed, creates } = await this.matcher.match(tx, pending);
    this.unchanged += unchanged;
    const commit = this.staged.commit;
    await commit.change(tx, changes, placesOf(changed), this.clash(changed));
    const named = creates.flatMap((r) => (r.id ? [r.id] : []));
    await commit.add(
      tx,
      creates.map((row) => this.draft(row)),
      placesOf(creates),
      { named, clash: this.clash(creates) },
    );
  }

  /** Sync deletes what the file did not name; publishes the version, or gives it up when nothing changed. */
  async finish(message: string | null): Promise<ImportResult> {
    const commit = this.staged.commit;
    if (this.options.mode === 'sync') await this.staged.step((tx) => commit.deleteAllBut(tx, this.matcher.seen));
    const created = commit.changed;
    const result: ImportResult = {
      dataset_id: commit.dataset.id,
      version: created ? commit.version : commit.version - 1,
      created,
      rows: this.rows,
      ...commit.made,
      unchanged: this.unchanged,
      message,
    };
    const schemas = this.options.splitSchemas;
    if (created) await this.staged.publish(message, schemas && ((tx, made) => applySplitSchemas(tx, made, schemas)));
    else await this.staged.discard();
    return result;
  }

  /** Gives the version up, taking its rows back out. */
  abandon(): Promise<void> {
    return this.staged.discard();
  }

  /** A new datapoint's content from a row: its own id or a fresh one, its own order or the next. Numbered when added. */
  private draft(row: ImportRow): DatapointWrite {
    return this.staged.commit.draft(row.fields, row.at, { id: row.id, source_hash: row.sourceHash });
  }

  /** When the external-id index refuses a row, names the row and the datapoint it clashes with. */
  private clash(rows: ImportRow[]): Clash {
    return async (tx) => {
      const named = rows.flatMap((r) => externalIdOf(r) ?? []);
      const live = new Map((await imports.liveKeys(tx, this.staged.commit.dataset.seq, [], named)).map((k) => [k.external_id, k]));
      for (const row of rows) {
        const match = live.get(externalIdOf(row) ?? null);
        if (match) return match.valid_from === this.staged.commit.version ? namedTwice(row, 'an earlier row') : alreadyThere(row, match);
      }
      return conflict(EXTERNAL_ID_TAKEN);
    };
  }
}

const placesOf = (rows: ImportRow[]) => rows.map((r) => r.at);
