import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/evals.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';

/** A lookup entry with an integer id, as evaluation clients expect. */
export interface Lookup {
  id: number;
  name: string;
  label: string;
  description: string;
}

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

export interface DatasetType {
  id: number;
  name: string;
  label: string;
  description: string | null;
  proprietary: boolean;
}

export interface Metric {
  id: string;
  seq: number;
  name: string;
  description: string | null;
  created_at: string;
}

/** The type whose name a new dataset gets unless it says otherwise; it always exists. */
export const CUSTOM = 'CUSTOM';

/**
 * Dataset types, metrics and run lookups. A dataset type named `FOO_BAR` is the native
 * dataset type `foo_bar`, so `CUSTOM` is the default type `custom`.
 */
export class CatalogService {
  constructor(private readonly store: Store) {}

  async datasetTypes(): Promise<DatasetType[]> {
    return (await store.listDatasetTypes(this.store)).map(toType);
  }

  async createDatasetType(input: { name: string; label: string; description?: string | null; proprietary?: boolean }): Promise<DatasetType> {
    const row = await uniquely(this.store, `a dataset type named ${input.name} already exists`, () =>
      store.insertDatasetType(this.store, {
        name: input.name,
        label: input.label,
        description: input.description ?? null,
        proprietary: input.proprietary ? 1 : 0,
        created_at: now(),
      }),
    );
    return toType(row);
  }

  async createMetric(projectId: string, input: { name: string; description?: string | null }): Promise<Metric> {
    const row = await uniquely(this.store, `a metric named ${input.name} already exists`, () =>
      store.insertMetric(this.store, { id: randomUUID(), project_id: projectId, name: input.name, description: input.description ?? null, created_at: now() }),
    );
    return toMetric(row);
  }

  async metrics(projectId: string, page: PageRequest): Promise<Page<Metric>> {
    const after = cursorKey<[number]>('met', page.cursor, ['number']);
    const rows = await store.listMetrics(this.store, projectId, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'met', (r) => [r.seq], toMetric);
  }
}

export const nativeType = (typeName: string) => typeName.toLowerCase();

export function toType(row: store.DatasetTypeRow): DatasetType {
  return { id: row.seq, name: row.name, label: row.label, description: row.description, proprietary: row.proprietary === 1 };
}

function toMetric(row: store.MetricRow): Metric {
  return { id: row.id, seq: row.seq, name: row.name, description: row.description, created_at: row.created_at };
}
