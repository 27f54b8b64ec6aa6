import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as datasetStore from '../store/datasets.js';
import * as store from '../store/telemetry.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { newDatasetRow, toDataset, nameTakenMessage, type Dataset, type DatasetCreate } from './datasets.js';
import { notFound } from './errors.js';
import { parseFilters, type FilterInput } from './filters.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';
import { applyChange } from './versions.js';

export interface Container {
  id: string;
  label: string;
  created_at: string;
}

export interface EventInput {
  model_name: string;
  status: string;
  input: unknown;
  output: unknown;
  latency_ms?: number;
  input_tokens?: number;
  output_tokens?: number;
  created_at?: string;
  attributes?: Record<string, unknown>;
}

/** An event as read; input, output and attributes stay JSON text for splicing. */
export type Event = Omit<store.EventRow, 'seq' | 'container_seq'>;

export interface CutRequest extends DatasetCreate {
  container: string;
  size: number;
  filters?: FilterInput[];
}

/** Containers of inference events, and datasets cut from them by filters. */
export class TelemetryService {
  constructor(private readonly store: Store) {}

  async createContainer(projectId: string, input: { label: string }): Promise<Container> {
    const row = await uniquely(this.store, `a container labelled "${input.label}" already exists`, () =>
      store.insertContainer(this.store, { id: randomUUID(), project_id: projectId, label: input.label, created_at: now() }),
    );
    return toContainer(row);
  }

  async container(projectId: string, idOrLabel: string): Promise<Container> {
    return toContainer(await this.containerRow(projectId, idOrLabel));
  }

  /** The id of the container with this id or label, or null when the project has none. */
  async containerId(projectId: string, idOrLabel: string): Promise<string | null> {
    return (await store.findContainer(this.store, projectId, idOrLabel))?.id ?? null;
  }

  async listContainers(projectId: string, page: PageRequest): Promise<Page<Container>> {
    const after = cursorKey<[number]>('ctr', page.cursor, ['number']);
    const rows = await store.listContainers(this.store, projectId, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'ctr', (r) => [r.seq], toContainer);
  }

  /** Stores a batch of events atomically: all of them, or none. */
  async ingest(projectId: string, containerId: string, events: EventInput[]): Promise<{ inserted: number }> {
    const container = await this.containerRow(projectId, containerId);
    const at = now();
    const rows = events.map((e) => ({
      id: randomUUID(),
      container_seq: container.seq,
      model_name: e.model_name,
      status: e.status,
      input: JSON.stringify(e.input ?? null),
      output: JSON.stringify(e.output ?? null),
      latency_ms: e.latency_ms ?? null,
      input_tokens: e.input_tokens ?? null,
      output_tokens: e.output_tokens ?? null,
      created_at: e.created_at ? new Date(e.created_at).toISOString() : at,
      attributes: JSON.stringify(e.attributes ?? {}),
    }));
    await this.store.transaction((tx) => store.insertEvents(tx, rows));
    return { inserted: rows.length };
  }

  async events(projectId: string, containerId: string, query: PageRequest & { filters?: FilterInput[] }): Promise<Page<Event>> {
    const container = await this.containerRow(projectId, containerId);
    const filters = parseFilters(query.filters ?? []);
    const after = cursorKey<[string, number]>('evt', query.cursor, ['string', 'number']);
    const rows = await this.store.transaction((tx) => store.matchingEvents(tx, container.seq, filters, after, query.limit + 1));
    return pageOf(rows, query.limit, 'evt', (r) => [r.created_at, r.seq], toEvent);
  }

  /**
   * Cuts a dataset from a container: up to `size` matching events, newest first, become
   * version 1 (input, output as expected output, model as generator model, source
   * production, the event id in metadata). One transaction: all of it or nothing.
   */
  async cut(projectId: string, request: CutRequest): Promise<Dataset> {
    const filters = parseFilters(request.filters ?? []);
    const { container: ref, size, filters: rawFilters, ...fields } = request;
    return uniquely(this.store, nameTakenMessage(request.name), () =>
      this.store.transaction(async (tx) => {
        const container = await store.findContainer(tx, projectId, ref);
        if (!container) throw notFound('container');
        const dataset = await datasetStore.insertDataset(tx, {
          ...newDatasetRow(projectId, { type: 'telemetry', ...fields }),
          container_id: container.id,
          filters: JSON.stringify(rawFilters ?? []),
          requested_size: size,
        });
        const events = await store.matchingEvents(tx, container.seq, filters, null, size);
        await applyChange(tx, dataset, {
          replace: events.map((e) => ({
            input: JSON.parse(e.input),
            expected_output: JSON.parse(e.output),
            generator_model: e.model_name,
            source: 'production' as const,
            metadata: { event_id: e.id },
          })),
        });
        await datasetStore.updateLiveDataset(tx, projectId, { id: dataset.id }, { cut_size: events.length, updated_at: dataset.updated_at });
        return toDataset((await datasetStore.findLiveDataset(tx, projectId, dataset.id))!);
      }),
    );
  }

  private async containerRow(projectId: string, idOrLabel: string): Promise<store.ContainerRow> {
    const row = await store.findContainer(this.store, projectId, idOrLabel);
    if (!row) throw notFound('container');
    return row;
  }
}

const toContainer = (r: store.ContainerRow): Container => ({ id: r.id, label: r.label, created_at: r.created_at });
const toEvent = ({ seq: _seq, container_seq: _container, ...event }: store.EventRow): Event => event;
