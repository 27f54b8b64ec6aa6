import type { components, operations } from './schema.js';
import { eachItem, type CursorPage } from './pages.js';
import { Transport, type Query, type RawBody, type TransportOptions } from './transport.js';
import { onePage } from './one-page.js';
import {
  attachmentsOf,
  type Attachment,
  type AttachmentBody,
  type AttachmentDownload,
  type ByteRange,
  type UploadOptions,
} from './attachments.js';

type Schemas = components['schemas'];
export type Dataset = Schemas['Dataset'];
export type DatasetCreate = Schemas['DatasetCreateOrCut'];
export type DatasetUpdate = Schemas['DatasetUpdate'];
export type Datapoint = Schemas['Datapoint'];
export type DatapointFields = Schemas['DatapointFields'];
export type ChangeSet = Schemas['ChangeSet'];
export type Version = Schemas['Version'];
export type Change = Schemas['Change'];
export type FileEntry = Schemas['FileEntry'];
export type FileChange = Schemas['FileChange'];
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
export type Review = Schemas['Review'];
export type ReviewCreate = Schemas['ReviewCreate'];
export type RunItemComparison = Schemas['RunItemComparison'];
export type ComparedItem = Schemas['ComparedItem'];
export type ComparedMetric = Schemas['ComparedMetric'];
export type RunOutcome = Schemas['RunOutcome'];
export type DeletedDataset = Schemas['DeletedDataset'];
export type Author = Schemas['Author'];
export type Catalogue = Schemas['Catalogue'];
export type Collection = Schemas['Collection'];
export type Job = Schemas['Job'];
export type JobLink = Schemas['JobLink'];
export type Container = Schemas['Container'];
export type TelemetryEvent = Schemas['Event'];
export type Namespace = Schemas['Namespace'];
export type Project = Schemas['Project'];
export type DatapointSpan = Schemas['DatapointSpan'];
export type SplitCounts = Schemas['SplitCounts'];
export type EventCount = Schemas['EventCount'];

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

/** An import's query string: the format (JSON lines unless said), and a mapping object as its JSON text. */
function importQuery({ contentEncoding: _encoding, idempotencyKey: _key, mapping, ...query }: ImportOptions) {
  return { ...query, format: query.format ?? 'jsonl', mapping: typeof mapping === 'object' ? JSON.stringify(mapping) : mapping };
}
const at = (id: string) => `/v1/datasets/${encodeURIComponent(id)}`;
const run = (id: string) => `/v1/runs/${encodeURIComponent(id)}`;
const hook = (id: string) => `/v1/webhooks/${encodeURIComponent(id)}`;
const collection = (id: string) => `/v1/collections/${encodeURIComponent(id)}`;
const job = (id: string) => `/v1/jobs/${encodeURIComponent(id)}`;
const container = (id: string) => `/v1/containers/${encodeURIComponent(id)}`;

/**
 * datashelf's native API, typed from its OpenAPI document. Lists are async iterators
 * over every page; files go up and come down as streams; refusals are DatashelfError.
 */
export class Datashelf {
  readonly transport: Transport;

  /** Single pages of every listing, for screens that fetch as they scroll. */
  readonly page: ReturnType<typeof onePage>;

  private readonly attachments: ReturnType<typeof attachmentsOf>;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
    this.page = onePage(this.transport);
    this.attachments = attachmentsOf(this.transport);
  }

  /**
   * Stores a file as an attachment (the same bytes answer the same id): in one streamed
   * request below `multipartThreshold`, else as a multipart upload whose parts are retried.
   */
  uploadAttachment(body: AttachmentBody, options: UploadOptions = {}): Promise<Attachment> {
    return this.attachments.upload(body, options);
  }

  /** An attachment's bytes as a stream, by id or by a datapoint's signed `url`; a range asks for part of it. */
  downloadAttachment(idOrUrl: string, range?: ByteRange): Promise<AttachmentDownload> {
    return this.attachments.download(idOrUrl, range);
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
    /** Brings back a dataset deleted in the retention window. */
    undelete: (id: string) => this.transport.json<Dataset>('POST', `${at(id)}/undelete`),
    splits: (id: string, version?: number | string) => this.transport.json<SplitCounts>('GET', `${at(id)}/splits`, { query: { version } }),
    /** The keys (and users) that committed its versions, by name. */
    authors: async (id: string) => (await this.transport.json<{ data: Author[] }>('GET', `${at(id)}/authors`)).data,
  };

  /** Review decisions on datapoints' content. */
  readonly reviews = {
    create: (datasetId: string, datapointId: string, body: ReviewCreate) =>
      this.transport.json<Review>('POST', `${at(datasetId)}/datapoints/${encodeURIComponent(datapointId)}/reviews`, { json: body }),
    /** The decisions holding on these datapoints (a page's ids) in a version. */
    current: (datasetId: string, datapointIds: string[], version?: number | string) =>
      this.transport.json<{ version: number; data: Review[] }>('GET', `${at(datasetId)}/reviews`, {
        query: { datapoint_id: datapointIds, version },
      }),
  };

  readonly collections = {
    get: (id: string) => this.transport.json<Collection>('GET', collection(id)),
    create: (body: Schemas['CollectionCreate']) => this.transport.json<Collection>('POST', '/v1/collections', { json: body }),
    update: (id: string, body: Schemas['CollectionUpdate']) => this.transport.json<Collection>('PATCH', collection(id), { json: body }),
    delete: async (id: string) => void (await this.transport.request('DELETE', collection(id))),
    addMembers: (id: string, members: string[]) => this.transport.json<unknown>('POST', `${collection(id)}/members`, { json: { members } }),
    removeMembers: (id: string, members: string[]) =>
      this.transport.json<unknown>('DELETE', `${collection(id)}/members`, { json: { members } }),
  };

  readonly jobs = {
    get: (id: string) => this.transport.json<Job>('GET', job(id)),
    create: (body: Schemas['JobCreate']) => this.transport.json<Job>('POST', '/v1/jobs', { json: body }),
    link: (id: string, body: Schemas['LinkCreate']) => this.transport.json<JobLink>('POST', `${job(id)}/datasets`, { json: body }),
  };

  readonly containers = {
    get: (idOrLabel: string) => this.transport.json<Container>('GET', container(idOrLabel)),
    countEvents: (idOrLabel: string, filters?: string) =>
      this.transport.json<EventCount>('GET', `${container(idOrLabel)}/events/count`, { query: { filters } }),
  };

  /** The datapoint fields, filter operators and review states, as the server defines them. */
  catalogue(): Promise<Catalogue> {
    return this.transport.json<Catalogue>('GET', '/v1/catalogue');
  }

  /** A short-lived JWT for this key, naming its project and role. */
  token(): Promise<{ access_token: string }> {
    return this.transport.json<{ access_token: string }>('POST', '/v1/auth/token');
  }

  /**
   * The request an import is, for a caller that sends it itself (a browser's XMLHttpRequest,
   * which alone reports upload progress): its method, URL and headers.
   */
  importRequest(datasetId: string, options: ImportOptions): { method: 'POST'; url: string; headers: Record<string, string> } {
    const { contentEncoding, idempotencyKey } = options;
    const query = importQuery(options);
    const format = query.format;
    const headers: Record<string, string> = {
      ...this.transport.authHeaders(),
      'content-type': MEDIA_TYPES[format],
      'idempotency-key': idempotencyKey ?? crypto.randomUUID(),
      ...(contentEncoding && { 'content-encoding': contentEncoding }),
    };
    return { method: 'POST', url: this.transport.urlOf(`${at(datasetId)}/imports`, query), headers };
  }

  readonly versions = {
    list: (datasetId: string) => this.each<Version>(`${at(datasetId)}/versions`),
    get: (datasetId: string, version: number) => this.transport.json<Version>('GET', `${at(datasetId)}/versions/${version}`),
    /** Adds, updates, deletes or replaces datapoints, and puts or deletes files, as one new version. */
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

  /** A version's file tree; it changes through a commit's `files` (versions.commit). */
  readonly files = {
    /** Every file of a version (default: the head), in path order; `prefix` keeps the paths that start with it. */
    list: (datasetId: string, filters: Filters<'listFiles'> = {}) => this.each<FileEntry>(`${at(datasetId)}/files`, filters),
    get: (datasetId: string, path: string, version?: number | string) =>
      this.transport.json<FileEntry>('GET', `${at(datasetId)}/files/entry`, { query: { path, version } }),
  };

  readonly datapoints = {
    /** Every datapoint of a version (default: the head), in order; the version stays the one the first page read. */
    list: (datasetId: string, filters: Filters<'listDatapoints'> = {}) => this.each<Datapoint>(`${at(datasetId)}/datapoints`, filters),
    get: (datasetId: string, datapointId: string, version?: number | string) =>
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
    const { contentEncoding, idempotencyKey } = options;
    const query = importQuery(options);
    return this.transport.json<ImportResult>('POST', `${at(datasetId)}/imports`, {
      query,
      body,
      contentType: MEDIA_TYPES[query.format],
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

  /** Namespaces and their projects (the instance admin key). */
  readonly tenancy = {
    createNamespace: (body: Schemas['NamespaceCreate']) => this.transport.json<Namespace>('POST', '/v1/namespaces', { json: body }),
    createProject: (ns: string, body: Schemas['NamespaceCreate']) =>
      this.transport.json<Project>('POST', `/v1/namespaces/${encodeURIComponent(ns)}/projects`, { json: body }),
  };

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
    /** The metrics of the project, by id and name. */
    metrics: () => this.each<Schemas['Metric']>('/v1/metrics'),
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
