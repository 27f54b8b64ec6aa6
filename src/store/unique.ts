import type { Queryable } from './store.js';

/** The uniqueness rules of the model the store enforces with unique indexes. */
export type UniqueKey =
  | 'namespace_slug'
  | 'project_slug'
  | 'dataset_name'
  | 'dataset_repo'
  | 'container_label'
  | 'metric_name'
  | 'user_email'
  | 'dataset_type_name'
  | 'share_target'
  | 'job_link'
  | 'datapoint_external_id'
  | 'experiment_name';

/** Each table holds at most one unique rule a client can break (ids are random uuids), but for the rules named by a column below. */
const BY_TABLE: Record<string, UniqueKey> = {
  namespaces: 'namespace_slug',
  projects: 'project_slug',
  datasets: 'dataset_name',
  containers: 'container_label',
  metrics: 'metric_name',
  users: 'user_email',
  dataset_types: 'dataset_type_name',
  dataset_shares: 'share_target',
  job_datasets: 'job_link',
  datapoints: 'datapoint_external_id',
  experiments: 'experiment_name',
};

/** A dataset is one Hub repository and has one name, each unique among the project's live datasets. */
const BY_COLUMN: Record<string, UniqueKey> = { 'datasets.repo_name': 'dataset_repo' };

/** Which uniqueness rule a failed write broke, or null when the error is anything else. */
export function violatedUnique(q: Queryable, error: unknown): UniqueKey | null {
  const violation = q.dialect.uniqueViolation(error);
  if (violation === null) return null;
  const byColumn = violation.columns.map((c) => BY_COLUMN[`${violation.table}.${c}`]).find((key) => key !== undefined);
  return byColumn ?? BY_TABLE[violation.table] ?? null;
}
