import type { Store } from '../store/store.js';
import * as datasetStore from '../store/datasets.js';
import { pageDatapoints, type DatapointKey } from '../store/datapoints.js';
import { EVERY } from '../store/datapoint-filters.js';
import type { Dataset, SchemaChange } from '../model/datasets.js';
import { projectOf, type Caller } from './caller.js';
import type { Clock } from './clock.js';
import { invalid, notFound, type FieldIssue } from './errors.js';
import type { DatasetService } from './datasets.js';
import { audit } from './audit.js';
import { itemCheck, type ItemCheck } from './item-schemas.js';
import { stampOf } from './stamp.js';

const BATCH = 1000;
const SHOWN = 10;

export interface SchemaResult {
  dataset: Dataset;
  /** Datapoints of the head version read against the new schemas. */
  checked: number;
  /** The first datapoints that break them (with mode=warn; with enforce, a 422 lists them instead). */
  violations: FieldIssue[];
}

/** Setting a dataset's item schemas: checked against its head version before they apply. */
export class DatasetSchemaService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  async set(caller: Caller, datasetId: string, change: SchemaChange): Promise<SchemaResult> {
    const dataset = await this.datasets.get(caller, datasetId);
    const check = itemCheck(change.schemas);
    const { checked, violations } = check ? await this.headAgainst(dataset, check) : { checked: 0, violations: [] };
    if (violations.length && change.mode !== 'warn') {
      throw invalid(
        `datapoints of version ${dataset.head_version} break these schemas (first: ${violations[0].field} ${violations[0].message}); ` +
          'fix them, or set the schemas with mode=warn',
        violations,
      );
    }
    const stamp = stampOf(caller, this.clock);
    const detail = { fields: Object.keys(change.schemas ?? {}), mode: change.mode ?? 'enforce', violations: violations.length };
    const updated = await this.store.transaction(async (tx) => {
      const set = await datasetStore.setItemSchemas(tx, projectOf(caller), dataset.id, change.schemas, stamp.at);
      if (set) await audit(tx, projectOf(caller), stamp, { action: 'dataset.schemas', dataset_id: dataset.id, detail });
      return set;
    });
    if (!updated) throw notFound('dataset');
    return { dataset: updated, checked, violations };
  }

  /** Reads the head version a batch at a time, stopping at the first few violations. */
  private async headAgainst(dataset: Dataset, check: ItemCheck): Promise<{ checked: number; violations: FieldIssue[] }> {
    const violations: FieldIssue[] = [];
    let checked = 0;
    let after: DatapointKey | null = null;
    for (;;) {
      const batch = await pageDatapoints(this.store, dataset.seq, dataset.head_version, EVERY, after, BATCH);
      for (const datapoint of batch) {
        checked += 1;
        violations.push(...check(datapoint, `datapoint ${datapoint.id}`));
        if (violations.length >= SHOWN) return { checked, violations: violations.slice(0, SHOWN) };
      }
      if (batch.length < BATCH) return { checked, violations };
      const last = batch[batch.length - 1];
      after = [last.order, last.seq];
    }
  }
}
