import type { Store } from '../store/store.js';
import * as datapoints from '../store/datapoints.js';
import { compileListing, planListing, rankable, type DatapointFilter, type Listing } from '../store/datapoint-filters.js';
import { parseTextQuery } from './text-query.js';
import type { Change, DatapointRecord } from '../model/datapoints.js';
import type { FileChange } from '../model/files.js';
import { fileChangesBetween } from './file-trees.js';
import { projectOf, type Caller } from './caller.js';
import { encodeCursor, type Page } from './cursor.js';
import { badRequest, DomainError, notFound } from './errors.js';
import { chosenVersion, versionIn, type VersionChoice } from './versions/select.js';
import { sameContent } from './datapoint-content.js';
import { DATAPOINT_FILTERS, parseFilters } from './filters.js';
import type { FilterInput } from '../model/telemetry.js';
import type { ReviewFilter } from '../model/review-states.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { DatasetService, ReadableDataset } from './datasets.js';
import type { AttachmentLinks } from './attachment-links.js';
import { NumberedPages, type NumberedQuery } from './numbered-pages.js';

/** What a listing, an export or a diff keeps, as the caller wrote it. */
export interface DatapointListing {
  source?: string;
  persona?: string;
  split?: string;
  review?: ReviewFilter;
  /** In any of these splits. */
  splits?: string[];
  tag?: string[];
  tag_match?: 'all' | 'any';
  filters?: FilterInput[];
  /** Full-text query: pages are then ranked, most relevant first. */
  q?: string;
  sample?: number;
  seed?: number;
}

/** A diff keeps datapoints by every filter but a sample. */
type Unsampled = Omit<DatapointListing, 'sample' | 'seed'>;

export interface DatapointQuery extends PageRequest, DatapointListing, VersionChoice {}

export interface DatapointPage extends Page<DatapointRecord> {
  version: number;
  /** With a text search: whether the page is in relevance order (else datapoint order). */
  ranked?: boolean;
}

export interface Diff extends Page<Change> {
  from: number;
  to: number;
  /** The files that differ, once the datapoints' changes are all listed (a page may hold both). */
  files: FileChange[];
}

const EXPORT_BATCH = 1000;

/** Reads datapoints as of any version: pages, single datapoints, diffs and full exports. */
export class DatapointService {
  private readonly numbered: NumberedPages;

  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly links: AttachmentLinks,
  ) {
    this.numbered = new NumberedPages(store);
  }

  /** Page-number listing (for surfaces that number their pages); null past the last page. */
  async numberedPage(
    caller: Caller,
    datasetId: string,
    query: NumberedQuery,
  ): Promise<{ count: number; page: number; items: DatapointRecord[] } | null> {
    const dataset = await this.datasets.get(caller, datasetId);
    const page = await this.numbered.page(dataset, query);
    return page && { ...page, items: await this.links.linked(projectOf(caller), page.items) };
  }

  /**
   * A keyset page in datapoint order, or with `q` most relevant first when few enough
   * datapoints match to rank them (`ranked` says which). The cursor pins the version it
   * started on, and the order.
   */
  async page(caller: Caller, datasetId: string, query: DatapointQuery): Promise<DatapointPage> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const searching = query.q !== undefined;
    // [version, order, seq]; a search's cursors also say whether it is ranked: [version, 1 | 0, score | order, seq].
    const after = searching
      ? cursorKey<number[]>('dpq', query.cursor, ['version', 'integer', 'number', 'integer'])
      : cursorKey<number[]>('dp', query.cursor, ['version', 'integer', 'integer']);
    // An unranked search's cursor holds an order where a ranked one holds a score: an order is an integer.
    if (after && searching && after[1] !== 1 && !Number.isSafeInteger(after[2])) throw badRequest('cursor is invalid');
    const asked = query.version === undefined && query.as_of === undefined ? undefined : await chosenVersion(this.store, dataset, query);
    if (after && asked !== undefined && after[0] !== asked) throw new DomainError('bad_request', 'cursor belongs to another version');
    const version = asked ?? (after ? versionIn(dataset, after[0]) : dataset.head_version);
    const listing = await planListing(this.store, dataset.seq, storeFilter(query));
    const search = listing.search;
    const ranked = search !== undefined && (after ? after[1] === 1 : await rankable(this.store, dataset.seq, search));
    const key = after ? (after.slice(-2) as [number, number]) : null;
    const rows: (DatapointRecord & { score?: number })[] = ranked
      ? await datapoints.pageRanked(this.store, dataset.seq, version, { ...listing, search }, key, query.limit + 1)
      : await datapoints.pageDatapoints(this.store, dataset.seq, version, listing, key, query.limit + 1);
    const page = searching
      ? pageOf(
          rows,
          query.limit,
          'dpq',
          (d) => [version, ranked ? 1 : 0, ranked ? d.score! : d.order, d.seq],
          (d) => d,
        )
      : pageOf(
          rows,
          query.limit,
          'dp',
          (d) => [version, d.order, d.seq],
          (d) => d,
        );
    return { version, ...(searching && { ranked }), ...page, data: await this.links.linked(dataset.project_id, page.data) };
  }

  async get(caller: Caller, datasetId: string, id: string, choice: VersionChoice = {}): Promise<DatapointRecord> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const found = await datapoints.findDatapoint(this.store, dataset.seq, await chosenVersion(this.store, dataset, choice), id);
    if (!found) throw notFound('datapoint');
    return (await this.links.linked(dataset.project_id, [found]))[0];
  }

  /** Every content a datapoint has had, newest first: the version that wrote it and the one that replaced or deleted it. */
  async history(caller: Caller, datasetId: string, id: string, page: PageRequest): Promise<Page<datapoints.DatapointSpan>> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const before = cursorKey<[number]>('dph', page.cursor, ['version']);
    const spans = await datapoints.datapointHistory(this.store, dataset, id, before?.[0] ?? null, page.limit + 1);
    if (spans.length === 0 && !before) throw notFound('datapoint');
    const records = await this.links.linked(
      dataset.project_id,
      spans.map((s) => s.record),
    );
    return pageOf(
      spans.map((s, i) => ({ ...s, record: records[i] })),
      page.limit,
      'dph',
      (s) => [s.record.version],
      (s) => s,
    );
  }

  /**
   * What differs between two versions, in datapoint sequence order. Only datapoints
   * whose rows began or ended between the two are looked at, so the cost follows the
   * size of the change, not of the dataset.
   */
  async diff(
    caller: Caller,
    datasetId: string,
    fromVersion: number | string,
    toVersion: number | string,
    page: PageRequest & Unsampled,
  ): Promise<Diff> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const from = await chosenVersion(this.store, dataset, { version: fromVersion }, 'from');
    const to = await chosenVersion(this.store, dataset, { version: toVersion }, 'to');
    // The datapoints' changes come first, then the files': `seq` is -1 once the datapoints are done.
    const after = cursorKey<[number, number, number, string]>('diff', page.cursor, ['version', 'version', 'integer', 'string']);
    if (after && (after[0] !== from || after[1] !== to)) throw new DomainError('bad_request', 'cursor belongs to another diff');
    const [afterSeq, afterPath] = [after?.[2] ?? 0, after?.[3] ?? ''];
    const points =
      afterSeq === -1 ? { data: [], last: -1, more: false, looked: 0 } : await this.changedDatapoints(dataset, [from, to], afterSeq, page);
    const room = page.limit - points.looked;
    if (points.more || room === 0) {
      const next = points.more ? [from, to, points.last, ''] : [from, to, -1, ''];
      return { from, to, data: points.data, files: [], next_cursor: encodeCursor('diff', next) };
    }
    const files = await fileChangesBetween(this.store, this.links, dataset, [from, to], afterPath, room);
    return {
      from,
      to,
      data: points.data,
      files: files.changes,
      next_cursor: files.more ? encodeCursor('diff', [from, to, -1, files.last ?? '']) : null,
    };
  }

  /** The datapoints that differ, after sequence number `afterSeq`: at most `limit` looked at. */
  private async changedDatapoints(
    dataset: ReadableDataset,
    [from, to]: [number, number],
    afterSeq: number,
    page: PageRequest & Unsampled,
  ): Promise<{ data: Change[]; last: number; more: boolean; looked: number }> {
    const [low, high] = from <= to ? [from, to] : [to, from];
    const seqs = await datapoints.touchedBetween(this.store, dataset.seq, low, high, afterSeq, page.limit + 1);
    const shown = seqs.slice(0, page.limit);
    const [before, later, kept] = await Promise.all([
      datapoints.atVersion(this.store, dataset.seq, from, shown),
      datapoints.atVersion(this.store, dataset.seq, to, shown),
      this.keptOnEitherSide(dataset.seq, [from, to], shown, page),
    ]);
    const beforeBySeq = new Map(before.map((d) => [d.seq, d]));
    const afterBySeq = new Map(later.map((d) => [d.seq, d]));
    const data: Change[] = [];
    for (const seq of shown) {
      const b = beforeBySeq.get(seq);
      const a = afterBySeq.get(seq);
      // The same content on both sides (one row, or a restore's copy of it): no change.
      if ((b && a && (b.version === a.version || sameContent(b, a))) || (!b && !a)) continue;
      if (kept && !kept.has(seq)) continue;
      data.push({ change: !b ? 'added' : !a ? 'removed' : 'changed', id: (a ?? b)!.id, before: b ?? null, after: a ?? null });
    }
    const last = shown[shown.length - 1] ?? afterSeq;
    return { data: await this.linkedChanges(dataset.project_id, data), last, more: seqs.length > page.limit, looked: shown.length };
  }

  /** Which of these datapoints the listing keeps in either version; null when it keeps all. */
  /** Both sides of every change with their attachment links, from one lookup. */
  private async linkedChanges(projectId: string, changes: Change[]): Promise<Change[]> {
    const sides = changes.flatMap((c) => [c.before, c.after]).filter((d) => d !== null);
    const linked = new Map((await this.links.linked(projectId, sides)).map((d, i) => [sides[i], d]));
    const side = (d: Change['before']) => (d === null ? null : linked.get(d)!);
    return changes.map((c) => ({ ...c, before: side(c.before), after: side(c.after) }));
  }

  private async keptOnEitherSide(
    datasetSeq: number,
    versions: [number, number],
    seqs: number[],
    query: Unsampled,
  ): Promise<Set<number> | null> {
    const listing = compileListing(this.store, storeFilter(query));
    if (!listing.predicates.length && !listing.search) return null;
    const sides = await Promise.all(versions.map((v) => datapoints.atVersion(this.store, datasetSeq, v, seqs, listing)));
    return new Set(sides.flat().map((d) => d.seq));
  }

  /** How many datapoints of a version are in each split. */
  async splits(
    caller: Caller,
    datasetId: string,
    choice: VersionChoice,
  ): Promise<{ version: number; data: { split: string; count: number }[] }> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const version = await chosenVersion(this.store, dataset, choice);
    return { version, data: await datapoints.countSplits(this.store, dataset.seq, version) };
  }

  /**
   * Every datapoint of a version the filter keeps, in order, fetched a batch at a time:
   * never all in memory. Access is checked before the first datapoint is read.
   */
  async export(
    caller: Caller,
    datasetId: string,
    choice: VersionChoice,
    listing: DatapointListing = {},
  ): Promise<{ dataset: ReadableDataset; version: number; datapoints: AsyncGenerator<DatapointRecord> }> {
    const filter = storeFilter(listing);
    const dataset = await this.datasets.readable(caller, datasetId);
    const pinned = await chosenVersion(this.store, dataset, choice);
    return { dataset, version: pinned, datapoints: this.batches(dataset.seq, pinned, await planListing(this.store, dataset.seq, filter)) };
  }

  private async *batches(datasetSeq: number, version: number, listing: Listing): AsyncGenerator<DatapointRecord> {
    let after: datapoints.DatapointKey | null = null;
    for (;;) {
      const batch = await datapoints.pageDatapoints(this.store, datasetSeq, version, listing, after, EXPORT_BATCH);
      yield* batch;
      if (batch.length < EXPORT_BATCH) return;
      const last = batch[batch.length - 1];
      after = [last.order, last.seq];
    }
  }
}

/** The store's filter for a listing: the filter language checked against datapoint fields (422 naming the filter). */
export function storeFilter({
  filters,
  source,
  tag,
  tag_match,
  persona,
  split,
  splits,
  review,
  q,
  sample,
  seed,
}: DatapointListing): DatapointFilter {
  if (seed !== undefined && sample === undefined) throw badRequest('seed needs sample');
  return {
    source,
    persona,
    split,
    review,
    splits,
    tags: tag,
    tagMatch: tag_match,
    ...(filters && { filters: parseFilters(filters, DATAPOINT_FILTERS) }),
    ...(q !== undefined && { search: parseTextQuery(q) }),
    ...(sample !== undefined && { sample: { size: sample, seed: seed ?? 0 } }),
  };
}
