import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/store.js';
import * as store from '../../store/catalog.js';
import type { DatasetType, DatasetTypeCreate, Lookup, Metric, MetricCreate } from '../../model/evals.js';
import { projectOf, type Caller } from '../caller.js';
import { isoAt, type Clock } from '../clock.js';
import type { Page } from '../cursor.js';
import { cursorKey, pageOf, type PageRequest } from '../pages.js';
import { uniquely } from '../unique.js';
import { audit } from '../audit.js';
import { stampOf } from '../stamp.js';

export const RUN_TYPES: Lookup[] = [
  { id: 1, name: 'DATASET', label: 'Dataset', description: 'An evaluation of every record of a dataset' },
  { id: 2, name: 'PROMPT', label: 'Prompt', description: 'An evaluation of one prompt' },
  { id: 3, name: 'MONITORING', label: 'Monitoring', description: 'Evaluations of production traffic' },
];

export const RUN_SOURCES: Lookup[] = [
  { id: 1, name: 'API', label: 'API', description: 'Started through the API' },
  { id: 2, name: 'UI', label: 'UI', description: 'Started from the web interface' },
  { id: 3, name: 'SDK', label: 'SDK', description: 'Started from a client library' },
  { id: 4, name: 'SCHEDULED', label: 'Scheduled', description: 'Started on a schedule' },
];

/** The type whose name a new dataset gets unless it says otherwise; it always exists. */
export const CUSTOM = 'CUSTOM';
/** Dataset types are an instance's vocabulary: this many at most are read at once. */
export const DATASET_TYPES_MAX = 1000;

/**
 * Dataset types, metrics and run lookups. A dataset type named `FOO_BAR` is the native
 * dataset type `foo_bar`, so `CUSTOM` is the default type `custom`.
 */
export class CatalogService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async datasetTypes(): Promise<DatasetType[]> {
    return (await store.listDatasetTypes(this.store, DATASET_TYPES_MAX)).map(({ native: _native, ...type }) => type);
  }

  async createDatasetType(input: DatasetTypeCreate): Promise<DatasetType> {
    const type = {
      name: input.name,
      label: input.label,
      description: input.description ?? null,
      proprietary: input.proprietary ?? false,
      created_at: isoAt(this.clock),
    };
    const { native: _native, ...created } = await uniquely(
      this.store,
      { dataset_type_name: `a dataset type named ${input.name} already exists` },
      () => store.insertDatasetType(this.store, type),
    );
    return created;
  }

  createMetric(caller: Caller, input: MetricCreate): Promise<Metric> {
    const stamp = stampOf(caller, this.clock);
    const metric = {
      id: randomUUID(),
      project_id: projectOf(caller),
      name: input.name,
      description: input.description ?? null,
      created_at: stamp.at,
    };
    return this.store.transaction(async (tx) => {
      const created = await uniquely(tx, { metric_name: `a metric named ${input.name} already exists` }, () =>
        store.insertMetric(tx, metric),
      );
      await audit(tx, metric.project_id, stamp, { action: 'metric.create', detail: { metric_id: created.id, name: created.name } });
      return created;
    });
  }

  async metrics(caller: Caller, page: PageRequest): Promise<Page<Metric>> {
    const after = cursorKey<[number]>('met', page.cursor, ['integer']);
    const rows = await store.listMetrics(this.store, projectOf(caller), after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'met',
      (m) => [m.seq],
      (m) => m,
    );
  }
}
