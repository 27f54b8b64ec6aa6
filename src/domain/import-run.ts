import { randomUUID } from 'node:crypto';
import type { Tx } from '../store/store.js';
import * as versions from '../store/versions.js';
import * as imports from '../store/imports.js';
import type { DatapointWrite } from '../store/datapoint-rows.js';
import type { Dataset } from '../model/datasets.js';
import type { DatapointContent, DatapointRecord } from '../model/datapoints.js';
import type { ImportMode, ImportResult } from '../model/imports.js';
import { changedContent, newContent } from './datapoint-content.js';
import { conflict, invalid } from './errors.js';
import type { MappedRow } from './mapping.js';
import { nextHead, writeUnique } from './versions.js';

/** The columns that make two contents the same datapoint content. */
const CONTENT_KEYS = [
  'order',
  'input',
  'expected_output',
  'output',
  'context',
  'prompt',
  'persona',
  'tags',
  'source',
  'agent',
  'generator_model',
  'metadata',
  'external_id',
  'splits',
] as const satisfies readonly (keyof DatapointContent)[];

const sameContent = (a: DatapointContent, b: DatapointContent) => CONTENT_KEYS.every((k) => a[k] === b[k]);

const externalIdOf = (row: MappedRow) => (typeof row.fields.external_id === 'string' ? row.fields.external_id : undefined);

const twice = (row: MappedRow, earlier: string) =>
  invalid(`${row.at} names the same datapoint as ${earlier}; each datapoint may appear once in an import`, [
    { field: row.at, message: 'names a datapoint an earlier row named' },
  ]);

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
  private count = 0;
  private version = 0;

  private constructor(
    private readonly tx: Tx,
    private readonly dataset: Dataset,
    private readonly mode: ImportMode,
    private readonly at: string,
  ) {}

  /** Opens the next version (409 unless `base` is still the head); replace empties it first. */
  static async begin(tx: Tx, dataset: Dataset, mode: ImportMode, base: number | undefined, at: string): Promise<ImportRun> {
    const run = new ImportRun(tx, dataset, mode, at);
    const head = await nextHead(tx, dataset, base, at);
    run.version = head.head_version;
    run.count = head.datapoint_count;
    if (mode === 'replace') {
      run.deleted = await versions.closeAllLive(tx, dataset.seq, run.version);
      run.count = 0;
    }
    if (mode === 'upsert' || mode === 'sync') await imports.openSeen(tx);
    run.nextOrder = ((await versions.maxLiveOrder(tx, dataset.seq)) ?? -1) + 1;
    return run;
  }

  /** Writes one batch: rows that name no live datapoint are added, the others updated or left alone. */
  async write(batch: MappedRow[]): Promise<void> {
    this.rows += batch.length;
    refuseRepeats(batch);
    const { tx, dataset } = this;
    const ids = batch.flatMap((r) => (r.id ? [r.id] : []));
    const externalIds = batch.flatMap((r) => externalIdOf(r) ?? []);
    const live = await imports.liveByKeys(tx, dataset.seq, ids, externalIds);
    const byId = new Map(live.map((d) => [d.id, d]));
    const byExternalId = new Map(live.flatMap((d) => (d.external_id === null ? [] : [[d.external_id, d] as const])));

    const creates: MappedRow[] = [];
    const changes: DatapointWrite[] = [];
    const met: { seq: number; row: MappedRow }[] = [];
    for (const row of batch) {
      const match = (row.id && byId.get(row.id)) || byExternalId.get(externalIdOf(row) ?? '');
      if (!match) {
        creates.push(row);
        continue;
      }
      if (match.version === this.version) throw twice(row, 'an earlier row');
      if (this.mode === 'add') throw exists(row, match);
      met.push({ seq: match.seq, row });
      const content = changedContent(match, row.fields);
      if (sameContent(content, match)) this.unchanged += 1;
      else changes.push({ ...content, created_at: match.created_at, updated_at: this.at });
    }
    await this.markMet(met);
    if (changes.length)
      await versions.closeLive(
        tx,
        dataset.seq,
        this.version,
        changes.map((c) => c.id),
      );
    const fresh = await this.newDatapoints(creates);
    await writeUnique(tx, dataset.seq, this.version, [...changes, ...fresh]);
    this.updated += changes.length;
    this.added += fresh.length;
    this.count += fresh.length;
  }

  /** Sync deletes what the file did not name; returns what the version did. */
  async finish(message: string | null): Promise<ImportResult> {
    if (this.mode === 'sync') {
      const closed = await imports.closeUnseen(this.tx, this.dataset.seq, this.version);
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
    await versions.insertVersion(this.tx, this.dataset, {
      dataset_id: this.dataset.id,
      version: this.version,
      message,
      datapoint_count,
      added,
      updated,
      deleted,
      created_at: this.at,
    });
    await versions.setDatapointCount(this.tx, this.dataset.seq, datapoint_count);
    return result;
  }

  /** Remembers the live datapoints this import met, refusing one met twice. */
  private async markMet(met: { seq: number; row: MappedRow }[]): Promise<void> {
    if (met.length === 0) return;
    const repeated = await imports.markSeen(
      this.tx,
      met.map((m) => m.seq),
    );
    const first = met.find((m) => repeated.has(m.seq));
    if (first) throw twice(first.row, 'an earlier row');
  }

  /**
   * New datapoints: a row's own id is kept (with the sequence number it had, when it
   * named a datapoint deleted earlier: the datapoint comes back); others get fresh ones.
   */
  private async newDatapoints(rows: MappedRow[]): Promise<DatapointWrite[]> {
    if (rows.length === 0) return [];
    const named = rows.flatMap((r) => (r.id ? [r.id] : []));
    const past = named.length ? await imports.pastSeqs(this.tx, this.dataset.seq, named) : new Map<string, number>();
    const seqs = await this.tx.allocateDatapointSeqs(rows.filter((r) => !r.id || !past.has(r.id)).length);
    let nextSeq = 0;
    return rows.map((row) => {
      const id = row.id ?? randomUUID();
      const seq = past.get(id) ?? seqs[nextSeq++];
      const order = row.fields.order ?? this.nextOrder++;
      if (order > Number.MAX_SAFE_INTEGER)
        throw invalid(`${row.at}: order is too large`, [{ field: `${row.at}/order`, message: 'too large' }]);
      return { ...newContent(row.fields, { id, seq, order }), created_at: this.at, updated_at: this.at };
    });
  }
}

function exists(row: MappedRow, match: DatapointRecord) {
  const by = row.id === match.id ? `datapoint ${match.id}` : `external_id ${JSON.stringify(match.external_id)}`;
  return conflict(`${row.at}: ${by} is already in the dataset; import with mode=upsert to update it`);
}

/** Two rows of one batch naming one datapoint (by id or external id). */
function refuseRepeats(batch: MappedRow[]): void {
  const seen = new Map<string, string>();
  for (const row of batch) {
    for (const key of [row.id && `id:${row.id}`, externalIdOf(row) !== undefined && `ext:${externalIdOf(row)}`]) {
      if (!key) continue;
      const earlier = seen.get(key);
      if (earlier) throw twice(row, earlier);
      seen.set(key, row.at);
    }
  }
}
