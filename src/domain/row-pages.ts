import type { DatapointRecord } from '../model/datapoints.js';
import type { Caller } from './caller.js';
import { encodeCursor } from './cursor.js';
import type { DatapointService } from './datapoints.js';
import type { DatasetService } from './datasets.js';
import { notFound } from './errors.js';
import { chosenVersion, type VersionChoice } from './versions/select.js';
import type { Store } from '../store/store.js';

/** Rows per jump page: the listing's page anchors are kept for this size. */
export const ROW_PAGE = 200;

export interface RowPage {
  version: number;
  /** Datapoints in the version: what a scrollbar spans. */
  total: number;
  /** The position of the first datapoint of `data` (a multiple of the page size). */
  start: number;
  data: DatapointRecord[];
  /** The listing's own cursor after the last datapoint: go on from here by keyset pages. */
  next_cursor: string | null;
}

/**
 * A page of a version's datapoints by position, for a scrollbar that spans the whole
 * dataset: the page holding row `row`, found from the page anchors (one window pass per
 * version, then kept) and read by keyset, never by OFFSET; its cursor continues the
 * ordinary listing.
 */
export class RowPages {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly datapoints: DatapointService,
  ) {}

  async at(caller: Caller, datasetId: string, row: number, choice: VersionChoice): Promise<RowPage> {
    const dataset = await this.datasets.get(caller, datasetId);
    const version = await chosenVersion(this.store, dataset, choice);
    const page = Math.floor(row / ROW_PAGE) + 1;
    const query = { window: { version }, filter: {}, sort: [{ field: 'order' as const, desc: false }], page, pageSize: ROW_PAGE };
    const found = await this.datapoints.numberedPage(caller, datasetId, query);
    if (!found || row >= found.count) throw notFound(`row ${row} (version ${version} has fewer)`);
    const last = found.items[found.items.length - 1];
    const more = last !== undefined && found.page * ROW_PAGE < found.count;
    // The listing's cursor ('dp': version, order, seq), so the page continues as an ordinary listing would.
    return {
      version,
      total: found.count,
      start: (found.page - 1) * ROW_PAGE,
      data: found.items,
      next_cursor: more ? encodeCursor('dp', [version, last.order, last.seq]) : null,
    };
  }
}
