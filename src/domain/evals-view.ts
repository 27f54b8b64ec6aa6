import type { Store } from '../store/store.js';
import * as store from '../store/evals.js';
import type { Viewer } from '../store/shares.js';
import * as users from '../store/users.js';
import * as datapoints from '../store/datapoints.js';
import { nativeType, toType, CUSTOM, type DatasetType } from './catalog.js';
import { toDatapoint, type Datapoint } from './datapoint-model.js';
import { toDataset, type Dataset } from './datasets.js';
import { notFound } from './errors.js';
import { toEvaluation, toRun, type Evaluation, type Run } from './runs.js';
import { toUser, type User } from './users.js';

export type { Viewer };

/** A dataset as evaluation clients see it: with its owner and its type. */
export interface EvalDataset extends Dataset {
  owner: User | null;
  datasetType: DatasetType | null;
}

export interface EvalDetail extends EvalDataset {
  records: Datapoint[];
  runs: (Run & { number_of_metrics: number; dataset: EvalDataset })[];
  evaluations: (Evaluation & { metric_seq: number; run_seq: number })[];
  /** The users named by runs and evaluations, by id. */
  people: Map<string, User>;
}

/** At most this many records and evaluations are inlined in one dataset's detail. */
export const DETAIL_MAX = 10_000;

/**
 * What a caller can see for evaluation work: its project's datasets and those shared
 * with it, split into its own and the rest, with the runs it made on them.
 */
export class EvalsView {
  constructor(private readonly store: Store) {}

  async page(viewer: Viewer, query: { typeId?: number; shared?: boolean; page: number; pageSize: number }): Promise<{ total: number; items: EvalDataset[] }> {
    const types = await store.listDatasetTypes(this.store);
    const type = query.typeId === undefined ? types.find((t) => t.name === CUSTOM) : types.find((t) => t.seq === query.typeId);
    if (!type) throw notFound('dataset type');
    const access = { types: [nativeType(type.name)], shared: query.shared };
    const rows = await store.pageAccessible(this.store, viewer, access, (query.page - 1) * query.pageSize, query.pageSize);
    const total = rows.length ? Number(rows[0].total) : query.page > 1 ? await store.countAccessible(this.store, viewer, access) : 0;
    return { total, items: await this.decorate(rows, types) };
  }

  /** Every accessible non-proprietary dataset, newest first (at most DETAIL_MAX). */
  async partial(viewer: Viewer, shared?: boolean): Promise<{ seq: number; name: string }[]> {
    const rows = await store.pageAccessible(this.store, viewer, { nonProprietary: true, shared }, 0, DETAIL_MAX);
    return rows.map((r) => ({ seq: r.seq, name: r.name }));
  }

  async detail(viewer: Viewer, seq: number): Promise<EvalDetail> {
    const row = await store.findAccessibleBySeq(this.store, viewer, seq);
    if (!row) throw notFound('dataset');
    const [dataset] = await this.decorate([row], await store.listDatasetTypes(this.store));
    const records = await datapoints.pageDatapoints(this.store, row.seq, row.head_version, {}, null, DETAIL_MAX);
    const runs = await store.runsOf(this.store, viewer, row.id, DETAIL_MAX);
    const counts = await store.metricCounts(this.store, runs.map((r) => r.id));
    const latest = runs.find((r) => r.run_source === 'API' && r.run_type === 'DATASET');
    const evaluations = latest ? await store.evaluationsOf(this.store, latest.id, DETAIL_MAX) : [];
    const metrics = new Map((await store.metricsByIds(this.store, row.project_id, [...new Set(evaluations.map((e) => e.metric_id))])).map((m) => [m.id, m.seq]));
    const people = [...runs.map((r) => r.user_id), ...evaluations.map((e) => e.user_id)].filter((u): u is string => u !== null);
    const named = new Map((await users.usersByIds(this.store, [...new Set(people)])).map((u) => [u.id, toUser(u)]));
    return {
      ...dataset,
      records: records.map(toDatapoint),
      runs: runs.map((r) => ({ ...toRun(r), number_of_metrics: counts.get(r.id) ?? 0, dataset })),
      evaluations: evaluations.map((e) => ({ ...toEvaluation(e), metric_seq: metrics.get(e.metric_id) ?? 0, run_seq: latest!.seq })),
      people: named,
    };
  }

  private async decorate(rows: Parameters<typeof toDataset>[0][], types: store.DatasetTypeRow[]): Promise<EvalDataset[]> {
    const owners = new Map((await users.usersByIds(this.store, [...new Set(rows.map((r) => r.owner_user_id).filter((u): u is string => u !== null))])).map((u) => [u.id, toUser(u)]));
    return rows.map((r) => {
      const type = types.find((t) => nativeType(t.name) === r.type);
      return {
        ...toDataset(r),
        owner: r.owner_user_id ? owners.get(r.owner_user_id) ?? null : null,
        datasetType: type ? toType(type) : null,
      };
    });
  }
}
