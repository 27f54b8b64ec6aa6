import type { Store } from '../../store/store.js';
import * as access from '../../store/access.js';
import { listDatasetTypes, metricsByIds, type DatasetTypeRecord } from '../../store/catalog.js';
import { pageDatapoints } from '../../store/datapoints.js';
import { EVERY } from '../../store/datapoint-filters.js';
import * as runs from '../../store/runs.js';
import { usersByIds } from '../../store/users.js';
import type { Dataset } from '../../model/datasets.js';
import type { DatapointRecord } from '../../model/datapoints.js';
import type { DatasetType, Evaluation, Run, User } from '../../model/evals.js';
import { LIMITS } from '../../model/limits.js';
import { projectOf, type Caller } from '../caller.js';
import { CUSTOM, DATASET_TYPES_MAX } from './catalog.js';
import { notFound } from '../errors.js';
import { withVerdict } from './runs.js';

/** A dataset as evaluation clients see it: with its owner and its type. */
export interface EvalDataset extends Dataset {
  owner: User | null;
  datasetType: DatasetType | null;
}

export interface EvalDetail extends EvalDataset {
  records: DatapointRecord[];
  runs: (Run & { number_of_metrics: number })[];
  evaluations: (Evaluation & { record_seq: number; metric_seq: number; run_seq: number })[];
  /** The users named by runs and evaluations, by id. */
  people: Map<string, User>;
}

const DETAIL_MAX = LIMITS.surfaces.evalsDetailMax;
const viewerOf = (caller: Caller): access.Viewer => ({ projectId: projectOf(caller), userId: caller.userId });

/**
 * What a caller can see for evaluation work: its project's datasets and those shared
 * with it, split into its own and the rest, with the runs it made on them.
 */
export class EvalsView {
  constructor(private readonly store: Store) {}

  async page(
    caller: Caller,
    query: { typeId?: number; shared?: boolean; page: number; pageSize: number },
  ): Promise<{ total: number; items: EvalDataset[] }> {
    const viewer = viewerOf(caller);
    const types = await listDatasetTypes(this.store, DATASET_TYPES_MAX);
    const type = query.typeId === undefined ? types.find((t) => t.name === CUSTOM) : types.find((t) => t.id === query.typeId);
    if (!type) throw notFound('dataset type');
    const filter = { types: [type.native], shared: query.shared };
    const page = await access.pageAccessible(this.store, viewer, filter, (query.page - 1) * query.pageSize, query.pageSize);
    const total = page.total ?? (query.page > 1 ? await access.countAccessible(this.store, viewer, filter) : 0);
    return { total, items: await this.decorate(page.items, types) };
  }

  /** Every accessible non-proprietary dataset, newest first (at most DETAIL_MAX). */
  async partial(caller: Caller, shared?: boolean): Promise<{ seq: number; name: string }[]> {
    const page = await access.pageAccessible(this.store, viewerOf(caller), { nonProprietary: true, shared }, 0, DETAIL_MAX);
    return page.items.map((d) => ({ seq: d.seq, name: d.name }));
  }

  async detail(caller: Caller, seq: number): Promise<EvalDetail> {
    const viewer = viewerOf(caller);
    const found = await access.findAccessibleBySeq(this.store, viewer, seq);
    if (!found) throw notFound('dataset');
    const [dataset] = await this.decorate([found], await listDatasetTypes(this.store, DATASET_TYPES_MAX));
    const records = await pageDatapoints(this.store, found.seq, found.head_version, EVERY, null, DETAIL_MAX);
    const made = await runs.runsOf(this.store, viewer, found.id, DETAIL_MAX);
    const counts = await runs.metricCounts(
      this.store,
      made.map((r) => r.id),
    );
    const latest = made.find((r) => r.run_source === 'API' && r.run_type === 'DATASET');
    const evaluations = latest ? await runs.evaluationsOf(this.store, latest.id, DETAIL_MAX) : [];
    const metrics = new Map(
      (await metricsByIds(this.store, found.project_id, [...new Set(evaluations.map((e) => e.metric_id))])).map((m) => [m.id, m.seq]),
    );
    const people = [...made.map((r) => r.user_id), ...evaluations.map((e) => e.user_id)].filter((u): u is string => u !== null);
    const named = new Map((await usersByIds(this.store, [...new Set(people)])).map((u) => [u.id, u]));
    return {
      ...dataset,
      records,
      runs: made.map((r) => ({ ...withVerdict(r), number_of_metrics: counts.get(r.id) ?? 0 })),
      evaluations: evaluations.map((e) => ({ ...withVerdict(e), metric_seq: metrics.get(e.metric_id) ?? 0, run_seq: latest!.seq })),
      people: named,
    };
  }

  private async decorate(datasets: Dataset[], types: DatasetTypeRecord[]): Promise<EvalDataset[]> {
    const ownerIds = [...new Set(datasets.map((d) => d.owner_user_id).filter((u): u is string => u !== null))];
    const owners = new Map((await usersByIds(this.store, ownerIds)).map((u) => [u.id, u]));
    return datasets.map((d) => {
      const type = types.find((t) => t.native === d.type);
      return {
        ...d,
        owner: d.owner_user_id ? (owners.get(d.owner_user_id) ?? null) : null,
        datasetType: type
          ? { id: type.id, name: type.name, label: type.label, description: type.description, proprietary: type.proprietary }
          : null,
      };
    });
  }
}
