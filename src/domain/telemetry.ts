import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as datasetStore from '../store/datasets.js';
import * as store from '../store/telemetry.js';
import { TELEMETRY_TYPE, type Dataset, type DatasetCreate } from '../model/datasets.js';
import { LIMITS } from '../model/limits.js';
import type { Container, ContainerCreate, EventCount, EventIn, EventRecord, FilterInput } from '../model/telemetry.js';
import { projectOf, type Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import type { Page } from './cursor.js';
import { notFound } from './errors.js';
import { parseFilters } from './filters.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';
import { Commit } from './versions/commit.js';
import { applyChange } from './versions/change.js';
import { audit } from './audit.js';
import { stampOf } from './stamp.js';
import type { DatasetService } from './datasets.js';

export interface CutRequest extends DatasetCreate {
  container: string;
  size: number;
  filters?: FilterInput[];
}

/** Containers of inference events, and datasets cut from them by filters. */
export class TelemetryService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  createContainer(caller: Caller, input: ContainerCreate): Promise<Container> {
    const stamp = stampOf(caller, this.clock);
    const container = { id: randomUUID(), project_id: projectOf(caller), label: input.label, created_at: stamp.at };
    return this.store.transaction(async (tx) => {
      const created = await uniquely(tx, { container_label: `a container labelled "${input.label}" already exists` }, () =>
        store.insertContainer(tx, container),
      );
      await audit(tx, container.project_id, stamp, {
        action: 'container.create',
        detail: { container_id: created.id, label: created.label },
      });
      return created;
    });
  }

  async container(caller: Caller, idOrLabel: string): Promise<Container> {
    const { seq: _seq, ...container } = await this.containerRef(caller, idOrLabel);
    return container;
  }

  /** The id of the container with this id or label, or null when the project has none. */
  async containerId(caller: Caller, idOrLabel: string): Promise<string | null> {
    return (await store.findContainer(this.store, projectOf(caller), idOrLabel))?.id ?? null;
  }

  async listContainers(caller: Caller, page: PageRequest): Promise<Page<Container>> {
    const after = cursorKey<[number]>('ctr', page.cursor, ['integer']);
    const rows = await store.listContainers(this.store, projectOf(caller), after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'ctr',
      (r) => [r.seq],
      ({ seq: _seq, ...c }) => c,
    );
  }

  /** Stores a batch of events atomically: all of them, or none. */
  async ingest(caller: Caller, containerId: string, events: EventIn[]): Promise<{ inserted: number }> {
    const container = await this.containerRef(caller, containerId);
    const at = isoAt(this.clock);
    const rows = events.map((e) => ({
      id: randomUUID(),
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
    await this.store.transaction((tx) => store.insertEvents(tx, container.seq, rows));
    return { inserted: rows.length };
  }

  async events(caller: Caller, containerId: string, query: PageRequest & { filters?: FilterInput[] }): Promise<Page<EventRecord>> {
    const container = await this.containerRef(caller, containerId);
    const filters = parseFilters(query.filters ?? []);
    const after = cursorKey<[string, number]>('evt', query.cursor, ['string', 'integer']);
    const rows = await this.store.transaction((tx) => store.matchingEvents(tx, container.seq, filters, after, query.limit + 1));
    return pageOf(
      rows,
      query.limit,
      'evt',
      (r) => [r.event.created_at, r.seq],
      (r) => r.event,
    );
  }

  /** How many events match the filters (what a cut of any size would take), counted up to a cap. */
  async countEvents(caller: Caller, containerId: string, filters: FilterInput[]): Promise<EventCount> {
    const container = await this.containerRef(caller, containerId);
    const parsed = parseFilters(filters);
    const cap = LIMITS.eventCountMax;
    const count = await this.store.transaction((tx) => store.countMatchingEvents(tx, container.seq, parsed, cap + 1));
    return { count: Math.min(count, cap), capped: count > cap };
  }

  /**
   * Cuts a dataset from a container: up to `size` matching events, newest first, become
   * version 1 (input, output as expected output, model as generator model, source
   * production, the event id in metadata). One transaction: all of it or nothing.
   */
  async cut(caller: Caller, request: CutRequest): Promise<Dataset> {
    const filters = parseFilters(request.filters ?? []);
    const { container: ref, size, filters: given, ...fields } = request;
    return this.store.transaction(async (tx) => {
      const projectId = projectOf(caller);
      const container = await store.findContainer(tx, projectId, ref);
      if (!container) throw notFound('container');
      const origin = { container_id: container.id, filters: given ?? [], requested_size: size };
      const dataset = await this.datasets.create(caller, { ...fields, type: fields.type ?? TELEMETRY_TYPE }, origin, tx);
      const events = await store.matchingEvents(tx, container.seq, filters, null, size);
      // A cut is one instant: the dataset, its version 1 and its record all carry the creation time.
      const at = dataset.created_at;
      const commit = await Commit.open(tx, dataset, undefined, { ...stampOf(caller, this.clock), at });
      await applyChange(tx, commit, {
        replace: events.map(({ event }) => ({
          input: JSON.parse(event.input) as unknown,
          expected_output: JSON.parse(event.output) as unknown,
          generator_model: event.model_name,
          source: 'production' as const,
          metadata: { event_id: event.id },
        })),
      });
      await commit.publish(tx, null);
      return (await datasetStore.updateLiveDataset(tx, projectId, { id: dataset.id }, { cut_size: events.length, updated_at: at }))!;
    });
  }

  private async containerRef(caller: Caller, idOrLabel: string): Promise<store.ContainerRef> {
    const found = await store.findContainer(this.store, projectOf(caller), idOrLabel);
    if (!found) throw notFound('container');
    return found;
  }
}
