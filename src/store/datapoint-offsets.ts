import { kept, type Listing } from './datapoint-filters.js';
import type { DatapointKey } from './datapoints.js';
import type { Queryable } from './store.js';

/**
 * The position key (order, seq) of the datapoint `position` places into a listing of a
 * version in datapoint order, null past the end. It reads only keys, up to the position:
 * callers keep what it finds (see DatapointOffsets), so a client paging forward by
 * offset pays it at most once per listing, and every page after is a keyset seek.
 */
export async function keyAtPosition(
  q: Queryable,
  datasetSeq: number,
  version: number,
  listing: Listing,
  position: number,
): Promise<DatapointKey | null> {
  const row = await kept(q, q.db.selectFrom('datapoints').select(['datapoints.ord', 'datapoints.seq']), datasetSeq, version, listing)
    .orderBy('datapoints.ord')
    .orderBy('datapoints.seq')
    .offset(position)
    .limit(1)
    .executeTakeFirst();
  return row ? [Number(row.ord), Number(row.seq)] : null;
}
