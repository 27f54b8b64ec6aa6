import type { components, operations } from './schema.js';
import { eachItem, type CursorPage } from './pages.js';
import { Transport, type Query, type RawBody, type TransportOptions } from './transport.js';

type Schemas = components['schemas'];
export type Dataset = Schemas['Dataset'];
export type DatasetCreate = Schemas['DatasetCreateOrCut'];
export type DatasetUpdate = Schemas['DatasetUpdate'];
export type Datapoint = Schemas['Datapoint'];
export type DatapointFields = Schemas['DatapointFields'];
export type ChangeSet = Schemas['ChangeSet'];
export type Version = Schemas['Version'];
export type Change = Schemas['Change'];
export type VersionTag = Schemas['VersionTag'];
export type TagMove = Schemas['TagMove'];
export type ImportResult = Schemas['ImportResult'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type Run = Schemas['Run'];
export type RunCreate = Schemas['RunCreate'];
export type Evaluation = Schemas['Evaluation'];
export type EvaluationCreate = Schemas['EvaluationCreate'];
export type RunDetail = Schemas['RunDetail'];
export type RunItem = Schemas['RunItem'];
export type RunItemWrite = Schemas['RunItemWrite'];
export type RunComparison = Schemas['RunComparison'];
export type ItemDelta = Schemas['ItemDelta'];
export type Webhook = Schemas['Webhook'];
export type WebhookCreated = Schemas['WebhookWithSecret'];
export type WebhookDelivery = Schemas['WebhookDelivery'];

type QueryOf<Op extends keyof operations> = operations[Op]['parameters']['query'];
/** A listing's filters, without its paging (the iterators page for you). */
type Filters<Op extends keyof operations> = Omit<NonNullable<QueryOf<Op>>, 'cursor' | 'limit'>;

export type ImportMapping = Schemas['Mapping'];
export type ImportOptions = Omit<NonNullable<QueryOf<'importFile'>>, 'mapping'> & {
  /** How the file's columns or keys become datapoint fields: a Mapping, or its JSON text. */
  mapping?: ImportMapping | string;
  /** How the body is compressed, if it is (`gzip`, `deflate`, `br`, `zstd`). */
  contentEncoding?: string;
  idempotencyKey?: string;
};
export type ExportOptions = NonNullable<QueryOf<'exportDataset'>>;

const MEDIA_TYPES = { jsonl: 'application/x-ndjson', csv: 'text/csv', parquet: 'application/vnd.apache.parquet' } as const;
const PAGE = 1000;
const at = (id: string) => `/v1/datasets/${encodeURIComponent(id)}`;
const run = (id: string) => `/v1/runs/${encodeURIComponent(id)}`;
const hook = (id: string) => `/v1/webhooks/${encodeURIComponent(id)}`;

/**
 * datashelf's native API, typed from its OpenAPI document. Lists are async iterators
 * over every page; files go up and come down as streams; refusals are DatashelfError.
 */
export class Datashelf {
  readonly transport: Transport;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
  }

  private each<T>(path: string, query: Query = {}): AsyncGenerator<T> {
    return eachItem((cursor) => this.transport.json<CursorPage<T>>('GET', path, { query: { ...query, limit: PAGE, cursor } }));
  }

  readonly datasets = {
    list: (filters: Filters<'listDatasets'> = {}) => this.each<Dataset>('/v1/datasets', filters),
    create: (body: DatasetCreate) => this.transport.json<Dataset>('POST', '/v1/datasets', { json: body }),
    get: (id: string) => this.transport.json<Dataset>('GET', at(id)),
    update: (id: string, body: DatasetUpdate) => this.transport.json<Dataset>('PATCH', at(id), { json: body }),
    delete: async (id: string) => void (await this.transport.request('DELETE', at(id))),
  };

  readonly versions = {
    list: (datasetId: string) => this.each<Version>(`${at(datasetId)}/versions`),
    get: (datasetId: string, version: number) => this.transport.json<Version>('GET', `${at(datasetId)}/versions/${version}`),
    /** Adds, updates, deletes or replaces datapoints as one new version. */
    commit: (datasetId: string, changes: ChangeSet) => this.transport.json<Version>('POST', `${at(datasetId)}/versions`, { json: changes }),
    /** A new version whose content is an earlier version's (a number or a tag). */
    restore: (datasetId: string, version: number | string, message?: string) =>
      this.transport.json<Version>('POST', `${at(datasetId)}/restore`, { json: { version, ...(message !== undefined && { message }) } }),
  };

  /** Named, movable pointers to versions; anywhere a version is read, a tag's name will do. */
  readonly tags = {
    list: (datasetId: string) => this.each<VersionTag>(`${at(datasetId)}/tags`),
    get: (datasetId: string, name: string) => this.transport.json<VersionTag>('GET', `${at(datasetId)}/tags/${encodeURIComponent(name)}`),
    set: (datasetId: string, name: string, version: number | string) =>
      this.transport.json<VersionTag>('PUT', `${at(datasetId)}/tags/${encodeURIComponent(name)}`, { json: { version } }),
    delete: async (datasetId: string, name: string) =>
      void (await this.transport.request('DELETE', `${at(datasetId)}/tags/${encodeURIComponent(name)}`)),
    history: (datasetId: string, name: string) => this.each<TagMove>(`${at(datasetId)}/tags/${encodeURIComponent(name)}/history`),
  };

  readonly datapoints = {
    /** Every datapoint of a version (default: the head), in order; the version stays the one the first page read. */
    list: (datasetId: string, filters: Filters<'listDatapoints'> = {}) => this.each<Datapoint>(`${at(datasetId)}/datapoints`, filters),
    get: (datasetId: string, datapointId: string, version?: number) =>
      this.transport.json<Datapoint>('GET', `${at(datasetId)}/datapoints/${encodeURIComponent(datapointId)}`, { query: { version } }),
  };

  /** Every datapoint that differs between two versions (numbers or tags), as it was before and after; filters keep some. */
  diff(
    datasetId: string,
    from: number | string,
    to: number | string,
    filters: Omit<Filters<'diffVersions'>, 'from' | 'to'> = {},
  ): AsyncGenerator<Change> {
    return this.each<Change>(`${at(datasetId)}/diff`, { ...filters, from, to });
  }

  /**
   * Streams a file (JSON lines, CSV or Parquet) into the dataset as its next version.
   * A stream body is sent once (it cannot be replayed); text or bytes are retried safely.
   */
  async importFile(datasetId: string, body: RawBody, options: ImportOptions): Promise<ImportResult> {
    const { contentEncoding, idempotencyKey, mapping, ...query } = options;
    const format = query.format ?? 'jsonl';
    return this.transport.json<ImportResult>('POST', `${at(datasetId)}/imports`, {
      query: { ...query, format, mapping: typeof mapping === 'object' ? JSON.stringify(mapping) : mapping },
      body,
      contentType: MEDIA_TYPES[format],
      headers: contentEncoding ? { 'content-encoding': contentEncoding } : {},
      idempotencyKey,
    });
  }

  /** A version's datapoints as a file, streamed: pipe it to disk or read it line by line. */
  async exportStream(datasetId: string, options: ExportOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const res = await this.transport.request('GET', `${at(datasetId)}/export`, { query: { ...options } });
    if (!res.body) throw new Error('the export answered without a body');
    return res.body;
  }

  readonly keys = {
    list: (ns: string, project: string) => this.each<ApiKey>(`/v1/namespaces/${ns}/projects/${project}/api-keys`),
    create: (ns: string, project: string, body: Schemas['ApiKeyCreate']) =>
      this.transport.json<ApiKeyCreated>('POST', `/v1/namespaces/${ns}/projects/${project}/api-keys`, { json: body }),
    revoke: async (ns: string, project: string, id: string) =>
      void (await this.transport.request('DELETE', `/v1/namespaces/${ns}/projects/${project}/api-keys/${id}`)),
  };

  readonly runs = {
    list: (filters: Filters<'listRuns'> = {}) => this.each<Run>('/v1/runs', filters),
    create: (body: RunCreate) => this.transport.json<Run>('POST', '/v1/runs', { json: body }),
    /** Records evaluations of a run: one per (datapoint, metric). */
    evaluate: async (runId: string, evaluations: EvaluationCreate[]) =>
      (
        await this.transport.json<{ data: Evaluation[] }>('POST', `/v1/runs/${encodeURIComponent(runId)}/evaluations`, {
          json: evaluations,
        })
      ).data,
    /** The run, its pinned version, and per-metric aggregates. */
    get: (runId: string) => this.transport.json<RunDetail>('GET', run(runId)),
    /** Sets result, aggregates or finished_at (which completes the run). */
    update: (runId: string, body: Schemas['RunUpdate']) => this.transport.json<Run>('PATCH', run(runId), { json: body }),
    /** What the model produced per datapoint of the pinned version; an item sent again replaces it. */
    writeItems: (runId: string, items: RunItemWrite[]) =>
      this.transport.json<{ run_id: string; written: number }>('POST', `${run(runId)}/items`, { json: { items } }),
    items: (runId: string, filters: Filters<'listRunItems'> = {}) => this.each<RunItem>(`${run(runId)}/items`, filters),
    evaluations: (runId: string, filters: Filters<'listRunEvaluations'> = {}) =>
      this.each<Evaluation>(`${run(runId)}/evaluations`, filters),
    /** Metric deltas (from the first page) and every datapoint × metric delta, regressions first. */
    compare: async (base: string, head: string, options: Omit<Filters<'compareRuns'>, 'base' | 'head'> = {}) => {
      const query = { ...options, base, head };
      const first = await this.transport.json<RunComparison>('GET', '/v1/runs/compare', { query: { ...query, limit: 1 } });
      return { base: first.base, head: first.head, metrics: first.metrics, items: this.each<ItemDelta>('/v1/runs/compare', query) };
    },
  };

  /** Signed notifications of changes (admin keys). */
  readonly webhooks = {
    list: () => this.each<Webhook>('/v1/webhooks'),
    /** The answer carries the signing secret: the only time it is shown. */
    create: (body: Schemas['WebhookCreate']) => this.transport.json<WebhookCreated>('POST', '/v1/webhooks', { json: body }),
    update: (id: string, body: Schemas['WebhookUpdate']) => this.transport.json<Webhook>('PATCH', hook(id), { json: body }),
    delete: async (id: string) => void (await this.transport.request('DELETE', hook(id))),
    ping: (id: string) => this.transport.json<WebhookDelivery>('POST', `${hook(id)}/ping`),
    deliveries: (id: string) => this.each<WebhookDelivery>(`${hook(id)}/deliveries`),
  };

  /** Any other cursor-paged listing of the native API, item by item. */
  list<T>(path: string, query: Query = {}): AsyncGenerator<T> {
    return this.each<T>(path, query);
  }
}
