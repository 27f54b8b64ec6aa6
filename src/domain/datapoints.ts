import type { Store } from '../store/store.js';
import * as datapoints from '../store/datapoints.js';
import type { DatasetRow } from '../store/datasets.js';
import { encodeCursor, type Page } from './cursor.js';
import { DomainError, invalid, notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { toDatapoint, type Datapoint } from './datapoint-model.js';
import type { DatasetService } from './datasets.js';
import { NumberedPages, type NumberedQuery } from './numbered-pages.js';

export interface DatapointQuery extends PageRequest, datapoints.DatapointFilter {
  version?: number;
}

export interface Change {
  change: 'added' | 'removed' | 'changed';
  id: string;
  before: Datapoint | null;
  after: Datapoint | null;
}

export interface Diff extends Page<Change> {
  from: number;
  to: number;
}

/** Reads datapoints as of any version: pages, single datapoints, diffs and full exports. */
export class DatapointService {
  private readonly numbered: NumberedPages;

  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
  ) {
    this.numbered = new NumberedPages(store);
  }

  /** Page-number listing (for surfaces that number their pages); null past the last page. */
  async numberedPage(projectId: string, datasetId: string, query: NumberedQuery): Promise<{ count: number; items: Datapoint[] } | null> {
    return this.numbered.page(await this.datasets.row(projectId, datasetId), query);
  }

  /** A keyset page in datapoint order. The cursor pins the version it started on. */
  async page(projectId: string, datasetId: string, query: DatapointQuery): Promise<Page<Datapoint> & { version: number }> {
    const dataset = await this.datasets.row(projectId, datasetId);
    const after = cursorKey<[number, number, number]>('dp', query.cursor, ['number', 'number', 'number']);
    if (after && query.version !== undefined && after[0] !== query.version) {
      throw new DomainError('bad_request', 'cursor belongs to another version');
    }
    const version = versionIn(dataset, query.version ?? after?.[0]);
    const filter = { source: query.source, tag: query.tag, persona: query.persona };
    const key = after ? ([after[1], after[2]] as [number, number]) : null;
    const rows = await datapoints.pageDatapoints(this.store, dataset.seq, version, filter, key, query.limit + 1);
    return { version, ...pageOf(rows, query.limit, 'dp', (r) => [version, r.ord, r.seq], toDatapoint) };
  }

  async get(projectId: string, datasetId: string, id: string, version?: number): Promise<Datapoint> {
    const dataset = await this.datasets.row(projectId, datasetId);
    const row = await datapoints.findDatapoint(this.store, dataset.seq, versionIn(dataset, version), id);
    if (!row) throw notFound('datapoint');
    return toDatapoint(row);
  }

  /**
   * What differs between two versions, in datapoint sequence order. Only datapoints
   * whose rows began or ended between the two are looked at, so the cost follows the
   * size of the change, not of the dataset.
   */
  async diff(projectId: string, datasetId: string, from: number, to: number, page: PageRequest): Promise<Diff> {
    const dataset = await this.datasets.row(projectId, datasetId);
    versionIn(dataset, from);
    versionIn(dataset, to);
    const after = cursorKey<[number, number, number]>('diff', page.cursor, ['number', 'number', 'number']);
    if (after && (after[0] !== from || after[1] !== to)) throw new DomainError('bad_request', 'cursor belongs to another diff');
    const [low, high] = from <= to ? [from, to] : [to, from];
    const seqs = await datapoints.touchedBetween(this.store, dataset.seq, low, high, after?.[2] ?? 0, page.limit + 1);
    const shown = seqs.slice(0, page.limit);
    const [before, later] = await Promise.all([
      datapoints.rowsAtVersion(this.store, dataset.seq, from, shown),
      datapoints.rowsAtVersion(this.store, dataset.seq, to, shown),
    ]);
    const beforeBySeq = new Map(before.map((r) => [r.seq, r]));
    const afterBySeq = new Map(later.map((r) => [r.seq, r]));
    const data: Change[] = [];
    for (const seq of shown) {
      const b = beforeBySeq.get(seq);
      const a = afterBySeq.get(seq);
      if (b && a && b.row_id === a.row_id) continue;
      if (!b && !a) continue;
      data.push({
        change: !b ? 'added' : !a ? 'removed' : 'changed',
        id: (a ?? b)!.id,
        before: b ? toDatapoint(b) : null,
        after: a ? toDatapoint(a) : null,
      });
    }
    const last = shown[shown.length - 1];
    const next = seqs.length > page.limit && last !== undefined;
    return {
      from,
      to,
      data,
      next_cursor: next ? encodeCursor('diff', [from, to, last]) : null,
    };
  }

  /** Every datapoint of a version, in order, fetched a batch at a time: never all in memory. */
  async *export(projectId: string, datasetId: string, version?: number): AsyncGenerator<Datapoint> {
    const dataset = await this.datasets.row(projectId, datasetId);
    const pinned = versionIn(dataset, version);
    let after: [number, number] | null = null;
    for (;;) {
      const rows = await datapoints.pageDatapoints(this.store, dataset.seq, pinned, {}, after, 1000);
      for (const row of rows) yield toDatapoint(row);
      if (rows.length < 1000) return;
      const last = rows[rows.length - 1];
      after = [last.ord, last.seq];
    }
  }

  /** The version a read resolves to: the given one if it exists, else the head. */
  async resolveVersion(projectId: string, datasetId: string, version?: number): Promise<number> {
    return versionIn(await this.datasets.row(projectId, datasetId), version);
  }
}

function versionIn(dataset: DatasetRow, version: number | undefined): number {
  if (version === undefined) return dataset.head_version;
  if (!Number.isInteger(version) || version < 0) throw invalid('version must be a non-negative integer');
  if (version > dataset.head_version) throw notFound(`version ${version}`);
  return version;
}
