import type { Store } from '../store/store.js';
import { pageDatapoints, type DatapointKey } from '../store/datapoints.js';
import { planListing } from '../store/datapoint-filters.js';
import { keyAtPosition } from '../store/datapoint-offsets.js';
import type { DatapointRecord } from '../model/datapoints.js';
import type { Caller } from './caller.js';
import { chosenVersion, type VersionChoice } from './versions/select.js';
import { storeFilter, type DatapointListing } from './datapoints.js';
import type { DatasetService } from './datasets.js';
import type { AttachmentLinks } from './attachment-links.js';

export interface OffsetQuery {
  choice: VersionChoice;
  listing: Omit<DatapointListing, 'q' | 'sample' | 'seed'>;
  offset: number;
  limit: number;
}

const CACHE_ENTRIES = 512;

/**
 * Datapoints by offset and limit, in datapoint order, for surfaces whose clients page
 * that way. A version never changes, so where a page ended can be kept: the next page a
 * client asks for (offset + limit) starts from there with a keyset seek. The cache is
 * only a shortcut; any instance finds a position again from the keys. A page's
 * attachments come with signed links, made for the whole page at once.
 */
export class DatapointOffsets {
  private readonly ends = new Map<string, DatapointKey | null>();

  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly links: AttachmentLinks,
  ) {}

  async page(caller: Caller, datasetId: string, query: OffsetQuery): Promise<{ version: number; items: DatapointRecord[] }> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const version = await chosenVersion(this.store, dataset, query.choice);
    const filter = storeFilter(query.listing);
    const listing = await planListing(this.store, dataset.seq, filter);
    const place = (offset: number) => JSON.stringify([dataset.seq, version, filter, offset]);
    const start =
      query.offset === 0
        ? null
        : await this.keyBefore(place(query.offset), () => keyAtPosition(this.store, dataset.seq, version, listing, query.offset - 1));
    const items =
      query.offset > 0 && start === null ? [] : await pageDatapoints(this.store, dataset.seq, version, listing, start, query.limit);
    const last = items[items.length - 1];
    if (last && items.length === query.limit) this.remember(place(query.offset + items.length), [last.order, last.seq]);
    return { version, items: await this.links.linked(dataset.project_id, items) };
  }

  private async keyBefore(place: string, find: () => Promise<DatapointKey | null>): Promise<DatapointKey | null> {
    const known = this.ends.get(place);
    if (known !== undefined) return known;
    const found = await find();
    this.remember(place, found);
    return found;
  }

  private remember(place: string, key: DatapointKey | null): void {
    this.ends.delete(place);
    this.ends.set(place, key);
    if (this.ends.size > CACHE_ENTRIES) this.ends.delete(this.ends.keys().next().value!);
  }
}
