import type { Store } from '../store/store.js';
import { headDatasetsOf } from '../store/datapoint-lookup.js';
import { projectOf, type Caller } from './caller.js';
import { notFound } from './errors.js';

/** Datapoints named by id alone, as clients that address examples without their dataset do (LangSmith). */
export class DatapointLookup {
  constructor(private readonly store: Store) {}

  /** The dataset of the caller's project whose head holds the datapoint. */
  async datasetOf(caller: Caller, datapointId: string): Promise<string> {
    const found = (await headDatasetsOf(this.store, projectOf(caller), [datapointId])).get(datapointId);
    if (!found) throw notFound('example');
    return found;
  }

  /** The datapoints grouped by the dataset whose head holds them; 404 naming those no head of the project holds. */
  async byDataset(caller: Caller, datapointIds: string[]): Promise<Map<string, string[]>> {
    const found = await headDatasetsOf(this.store, projectOf(caller), datapointIds);
    const missing = datapointIds.filter((id) => !found.has(id));
    if (missing.length) throw notFound(`examples ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}`);
    const grouped = new Map<string, string[]>();
    for (const [id, dataset] of found) grouped.set(dataset, [...(grouped.get(dataset) ?? []), id]);
    return grouped;
  }
}
