import type { components, operations } from './schema.js';
import type { CursorPage } from './pages.js';
import type { Transport } from './transport.js';

type Schemas = components['schemas'];
type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;
/** A listing's query: its filters, `limit` and `cursor`, all optional. */
export type PageQuery<Op extends keyof operations> = Partial<QueryOf<Op>>;

const enc = encodeURIComponent;
const at = (id: string) => `/v1/datasets/${enc(id)}`;

/**
 * One page at a time of the native API's listings, for screens that fetch as they scroll
 * (the iterators of the other resources fetch every page). Each answers `{data, next_cursor}`.
 */
export function onePage(t: Transport) {
  const get = <T>(path: string, query: object = {}) => t.json<T>('GET', path, { query: query as Record<string, never> });
  return {
    datasets: (query: PageQuery<'listDatasets'> = {}) => get<CursorPage<Schemas['Dataset']>>('/v1/datasets', query),
    deletedDatasets: (query: PageQuery<'listDeletedDatasets'> = {}) =>
      get<CursorPage<Schemas['DeletedDataset']>>('/v1/datasets/deleted', query),
    datapoints: (datasetId: string, query: PageQuery<'listDatapoints'> = {}) =>
      get<Schemas['DatapointPage']>(`${at(datasetId)}/datapoints`, query),
    /** The page of datapoints holding a position of a version, with the version's total (a scrollbar's jumps). */
    rowsAt: (datasetId: string, query: { row: number; version?: string }) => get<Schemas['RowPage']>(`${at(datasetId)}/rows`, query),
    datapointHistory: (datasetId: string, datapointId: string, query: PageQuery<'datapointHistory'> = {}) =>
      get<CursorPage<Schemas['DatapointSpan']>>(`${at(datasetId)}/datapoints/${enc(datapointId)}/history`, query),
    diff: (datasetId: string, query: PageQuery<'diffVersions'> & { from: string; to: string }) =>
      get<Schemas['Diff']>(`${at(datasetId)}/diff`, query),
    /** A version's files in path order, with `version`: the version the pages read. */
    files: (datasetId: string, query: PageQuery<'listFiles'> = {}) => get<Schemas['FileEntryPage']>(`${at(datasetId)}/files`, query),
    versions: (datasetId: string, query: PageQuery<'listVersions'> = {}) =>
      get<CursorPage<Schemas['Version']>>(`${at(datasetId)}/versions`, query),
    reviews: (datasetId: string, datapointId: string, query: PageQuery<'listDatapointReviews'> = {}) =>
      get<CursorPage<Schemas['Review']>>(`${at(datasetId)}/datapoints/${enc(datapointId)}/reviews`, query),
    runs: (query: PageQuery<'listRuns'> = {}) => get<CursorPage<Schemas['Run']>>('/v1/runs', query),
    runItems: (runId: string, query: PageQuery<'listRunItems'> = {}) =>
      get<CursorPage<Schemas['RunItem']>>(`/v1/runs/${enc(runId)}/items`, query),
    /** One or more runs of a version item by item: content, outputs and scores side by side. */
    runsSideBySide: (query: PageQuery<'compareRunItems'> & { run: string[] }) =>
      get<Schemas['RunItemComparison']>('/v1/runs/compare/items', query),
    runComparison: (query: PageQuery<'compareRuns'> & { base: string; head: string }) =>
      get<Schemas['RunComparison']>('/v1/runs/compare', query),
    collections: (query: PageQuery<'listCollections'> = {}) => get<CursorPage<Schemas['Collection']>>('/v1/collections', query),
    collectionMembers: (id: string, query: PageQuery<'listCollectionMembers'> = {}) =>
      get<CursorPage<string>>(`/v1/collections/${enc(id)}/members`, query),
    jobs: (query: PageQuery<'listJobs'> = {}) => get<CursorPage<Schemas['Job']>>('/v1/jobs', query),
    jobDatasets: (id: string, query: PageQuery<'listJobDatasets'> = {}) =>
      get<CursorPage<Schemas['JobLink']>>(`/v1/jobs/${enc(id)}/datasets`, query),
    datasetJobs: (datasetId: string, query: PageQuery<'listDatasetJobs'> = {}) =>
      get<CursorPage<Schemas['JobLink']>>(`${at(datasetId)}/jobs`, query),
    containers: (query: PageQuery<'listContainers'> = {}) => get<CursorPage<Schemas['Container']>>('/v1/containers', query),
    events: (container: string, query: PageQuery<'listEvents'> = {}) =>
      get<CursorPage<Schemas['Event']>>(`/v1/containers/${enc(container)}/events`, query),
    namespaces: (query: PageQuery<'listNamespaces'> = {}) => get<CursorPage<Schemas['Namespace']>>('/v1/namespaces', query),
    projects: (ns: string, query: PageQuery<'listProjects'> = {}) =>
      get<CursorPage<Schemas['Project']>>(`/v1/namespaces/${enc(ns)}/projects`, query),
    keys: (ns: string, project: string, query: PageQuery<'listApiKeys'> = {}) =>
      get<CursorPage<Schemas['ApiKey']>>(`/v1/namespaces/${enc(ns)}/projects/${enc(project)}/api-keys`, query),
    metrics: (query: PageQuery<'listMetrics'> = {}) => get<CursorPage<Schemas['Metric']>>('/v1/metrics', query),
  };
}
