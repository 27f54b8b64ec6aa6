import type { Caller } from '../../../domain/caller.js';
import type { Services } from '../../../domain/services.js';
import { LIMITS } from '../../../model/limits.js';
import type { Change } from '../../../model/datapoints.js';

/** Every change between two versions of a dataset, read page by page: LangSmith answers whole lists of ids. */
export async function changesBetween(
  datapoints: Services['datapoints'],
  caller: Caller,
  datasetId: string,
  from: number,
  to: number,
): Promise<Pick<Change, 'change' | 'id'>[]> {
  const changes: Pick<Change, 'change' | 'id'>[] = [];
  let cursor: string | undefined;
  do {
    const page = await datapoints.diff(caller, datasetId, from, to, { limit: LIMITS.pageSizeMax, cursor });
    changes.push(...page.data.map(({ change, id }) => ({ change, id })));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return changes;
}
