import type { Store } from '../store/store.js';
import * as listing from '../store/datapoint-listing.js';
import type { Dataset } from '../model/datasets.js';
import type { DatapointRecord } from '../model/datapoints.js';

export type { ListingFilter, SortKey } from '../store/datapoint-listing.js';

/** Which versions a listing reads; all optional (none = the head). */
export interface VersionWindow {
  version?: number;
  version_min?: number;
  version_max?: number;
}

export interface NumberedQuery {
  window: VersionWindow;
  filter: listing.ListingFilter;
  sort: listing.SortKey[];
  /** A page from 1, or the last one. */
  page: number | 'last';
  pageSize: number;
}

const CACHE_ENTRIES = 512;

/**
 * Page-number listings of datapoints without OFFSET scans. A version never changes, so
 * the first row of every page (found in one window-function pass) can be kept, and
 * any page is then a keyset seek. The cache is only a shortcut: any instance rebuilds it.
 */
export class NumberedPages {
  private readonly anchors = new Map<string, { total: number; anchors: listing.KeyValue[][] }>();

  constructor(private readonly store: Store) {}

  /** The page and its number (`last` resolved), or null when the page number is past the end. */
  async page(dataset: Dataset, query: NumberedQuery): Promise<{ count: number; page: number; items: DatapointRecord[] } | null> {
    const selection = selectionFor(query.window, dataset.head_version);
    const empty = { count: 0, page: 1, items: [] };
    if (selection === null) return query.page === 1 || query.page === 'last' ? empty : null;
    const { total, anchors } = await this.anchorsFor(dataset.seq, selection, query);
    // An empty listing still has its first page, as Django's paginator allows.
    if (total === 0) return query.page === 1 || query.page === 'last' ? empty : null;
    const page = query.page === 'last' ? anchors.length : query.page;
    const from = anchors[page - 1];
    if (!from) return null;
    const rows = await listing.rowsFrom(this.store, dataset.seq, selection, query.filter, query.sort, from, query.pageSize);
    return { count: total, page, items: rows };
  }

  private async anchorsFor(datasetSeq: number, selection: listing.Selection, query: NumberedQuery) {
    const key = JSON.stringify([datasetSeq, selection, query.filter, query.sort, query.pageSize]);
    const hit = this.anchors.get(key);
    if (hit) {
      this.anchors.delete(key);
      this.anchors.set(key, hit);
      return hit;
    }
    const found = await listing.pageAnchors(this.store, datasetSeq, selection, query.filter, query.sort, query.pageSize);
    this.anchors.set(key, found);
    if (this.anchors.size > CACHE_ENTRIES) this.anchors.delete(this.anchors.keys().next().value!);
    return found;
  }
}

/**
 * What a version window reads: `version` alone is that version (empty when outside the
 * range also given); a range alone is every datapoint present in some version of it,
 * clipped to 1..head; nothing is the head. Null when nothing can match.
 */
export function selectionFor(window: VersionWindow, head: number): listing.Selection | null {
  const { version, version_min: min, version_max: max } = window;
  if (version !== undefined) {
    if (version < 1 || version > head || (min !== undefined && version < min) || (max !== undefined && version > max)) return null;
    return { version };
  }
  if (min === undefined && max === undefined) return head === 0 ? null : { version: head };
  const low = Math.max(min ?? 1, 1);
  const high = Math.min(max ?? head, head);
  return low > high ? null : { min: low, max: high };
}
