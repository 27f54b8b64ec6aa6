import type { Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Timestamps are ISO-8601 UTC text made by the
 * service (so both stores sort and compare them the same way); JSON payloads are
 * text, which hot read paths splice into responses without re-parsing.
 */
export interface Database {
  namespaces: NamespaceTable;
  projects: ProjectTable;
  api_keys: ApiKeyTable;
  datasets: DatasetTable;
  dataset_versions: DatasetVersionTable;
  version_tags: VersionTagTable;
  version_tag_moves: VersionTagMoveTable;
  audit_log: AuditLogTable;
  datapoints: DatapointTable;
  collections: CollectionTable;
  collection_members: CollectionMemberTable;
  idempotency_keys: IdempotencyKeyTable;
  counters: CounterTable;
  jobs: JobTable;
  job_datasets: JobDatasetTable;
  containers: ContainerTable;
  events: EventTable;
  rate_limits: RateLimitTable;
  users: UserTable;
  namespace_members: NamespaceMemberTable;
  dataset_shares: DatasetShareTable;
  dataset_types: DatasetTypeTable;
  metrics: MetricTable;
  runs: RunTable;
  evaluations: EvaluationTable;
  run_items: RunItemTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  review_states: ReviewStateTable;
  experiments: ExperimentTable;
  experiment_pending: ExperimentPendingTable;
  hub_renders: HubRenderTable;
  attachments: AttachmentTable;
  attachment_uploads: AttachmentUploadTable;
  dataset_files: DatasetFileTable;
  hub_split_schemas: HubSplitSchemaTable;
}

export interface NamespaceTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface ProjectTable {
  id: string;
  namespace_id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  /** Null for the instance admin key, which belongs to no project. */
  project_id: string | null;
  name: string;
  role: string;
  prefix: string;
  hash: string;
  created_at: string;
  revoked_at: string | null;
  /** A key may act as a user of the project's namespace. */
  user_id: string | null;
}

export interface DatasetTable {
  seq: Generated<number>;
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  type: string;
  tags: string;
  metadata: string;
  head_version: number;
  datapoint_count: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Hugging Face style `owner/name`, for artifact datasets. */
  path: string | null;
  /** The Hub repository it is in its project's namespace (see migration 0024); set on every dataset made since. */
  repo_name: string | null;
  /** For datasets cut from telemetry: the container, the filters (JSON), the size asked for and the size cut. */
  container_id: string | null;
  filters: string | null;
  requested_size: number | null;
  cut_size: number | null;
  /** The user whose key created it, when the key acts for a user. */
  owner_user_id: string | null;
  /** Evaluation settings, JSON: {metric id: threshold}, [column names], {mapping}. */
  selected_metrics: string | null;
  structure: string | null;
  column_mappings: string | null;
  /** JSON Schemas for datapoints: {input?, expected_output?, metadata?}, as JSON text. */
  item_schemas: string | null;
  /** The version an import is writing, who writes it, and when it last did (see migration 0018); null when none. */
  staged_version: number | null;
  staged_by: string | null;
  staged_at: string | null;
}

export interface DatasetVersionTable {
  dataset_seq: number;
  version: number;
  message: string | null;
  datapoint_count: number;
  added: number;
  updated: number;
  deleted: number;
  file_count: number;
  files_added: number;
  files_updated: number;
  files_deleted: number;
  created_at: string;
  /** The key that committed the version, and the user it acted as; null before authors were kept. */
  key_id: string | null;
  user_id: string | null;
}

export interface AuditLogTable {
  seq: Generated<number>;
  project_id: string;
  at: string;
  key_id: string;
  user_id: string | null;
  action: string;
  dataset_id: string | null;
  /** JSON: what the action changed (names, versions, roles; never a secret). */
  detail: string;
}

export interface VersionTagTable {
  dataset_seq: number;
  name: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** A tag's history: move 1 created it; a null to_version deleted it. */
export interface VersionTagMoveTable {
  dataset_seq: number;
  name: string;
  move: number;
  from_version: number | null;
  to_version: number | null;
  moved_at: string;
}

/** One row per (datapoint, span of versions): visible in versions [valid_from, valid_to). */
export interface DatapointTable {
  row_id: Generated<number>;
  dataset_seq: number;
  id: string;
  seq: number;
  valid_from: number;
  valid_to: number;
  ord: number;
  input: string;
  expected_output: string;
  output: string;
  context: string;
  prompt: string | null;
  persona: string | null;
  tags: string;
  source: string | null;
  agent: string | null;
  generator_model: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
  /** The client's own key for the datapoint, unique among the dataset's live datapoints. */
  external_id: string | null;
  /** JSON array of split names. */
  splits: string;
  /** JSON object: attachment name -> attachment id (`{}` for rows written before attachments). */
  attachments: Generated<string>;
  /** Set by imports: a hash of the source row and mapping this content came from. */
  source_hash: string | null;
}

export interface CollectionTable {
  seq: Generated<number>;
  id: string;
  project_id: string;
  dataset_id: string | null;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface CollectionMemberTable {
  collection_id: string;
  member: string;
  created_at: string;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
  /** 1 when the response carried a secret: it was not kept, and replays are refused. */
  withheld: Generated<number>;
  created_at: string;
}

export interface CounterTable {
  name: string;
  value: number;
}

export interface JobTable {
  seq: Generated<number>;
  id: string;
  project_id: string;
  name: string;
  kind: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface JobDatasetTable {
  job_id: string;
  dataset_id: string;
  direction: string;
  created_at: string;
}

export interface ContainerTable {
  seq: Generated<number>;
  id: string;
  project_id: string;
  label: string;
  created_at: string;
}

/** An inference event. `attributes` is JSON text on SQLite and jsonb (read as an object) on PostgreSQL. */
export interface EventTable {
  seq: Generated<number>;
  id: string;
  container_seq: number;
  model_name: string;
  status: string;
  input: string;
  output: string;
  latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  created_at: string;
  attributes: string;
}

export interface RateLimitTable {
  bucket: string;
  window_start: number;
  count: number;
}

export interface UserTable {
  seq: Generated<number>;
  id: string;
  email: string;
  name: string | null;
  created_at: string;
}

export interface NamespaceMemberTable {
  namespace_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

/** `target` is `user:<id>`, `namespace:<id>` or `public`, unique per dataset. */
export interface DatasetShareTable {
  id: string;
  dataset_id: string;
  target: string;
  user_id: string | null;
  namespace_id: string | null;
  created_at: string;
}

export interface DatasetTypeTable {
  seq: Generated<number>;
  name: string;
  label: string;
  description: string | null;
  proprietary: number;
  created_at: string;
}

export interface MetricTable {
  seq: Generated<number>;
  id: string;
  project_id: string;
  name: string;
  description: string | null;
  created_at: string;
}

export interface RunTable {
  seq: Generated<number>;
  id: string;
  project_id: string;
  dataset_id: string;
  user_id: string | null;
  api_key_id: string;
  run_type: string;
  run_source: string;
  model_slug: string | null;
  alias: string | null;
  threshold: number;
  result: number | null;
  aggregate_results: string | null;
  started_at: string;
  finished_at: string | null;
  created_at: string;
  updated_at: string | null;
  /** The dataset version the run's items are datapoints of. */
  dataset_version: number;
}

/** One datapoint's outcome in a run: unique by (run, datapoint), rewritten when sent again. */
export interface RunItemTable {
  run_id: string;
  datapoint_seq: number;
  datapoint_id: string;
  /** JSON text. */
  output: string;
  latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost: number | null;
  error: string | null;
  trace_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface EvaluationTable {
  seq: Generated<number>;
  id: string;
  run_id: string;
  user_id: string | null;
  record_id: string;
  record_seq: number;
  metric_id: string;
  result: number | null;
  threshold: number;
  explanation: string | null;
  model_slug: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  evaluation_cost: string | null;
  is_success: number | null;
  started_at: string;
  finished_at: string | null;
  created_at: string;
}

export interface WebhookTable {
  id: string;
  project_id: string;
  url: string;
  /** JSON array of event names. */
  events: string;
  /** The signing secret, encrypted (never stored in clear). */
  secret_sealed: string;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** The outbox: one delivery of one event to one webhook, from pending to delivered or failed. */
export interface WebhookDeliveryTable {
  seq: Generated<number>;
  /** The event's id: the same for every webhook and every attempt (`webhook-id`). */
  message_id: string;
  webhook_id: string;
  event: string;
  /** The JSON body sent. */
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  /** Retries stop after this. */
  expires_at: string;
  /** While an instance is sending it, no other claims it. */
  lease_until: string | null;
  response_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** A review decision on a datapoint's content (the version that wrote it); the latest per content holds. */
export interface ReviewStateTable {
  seq: Generated<number>;
  dataset_seq: number;
  datapoint_seq: number;
  datapoint_id: string;
  /** The version the reviewer read, and the version that wrote the content they read. */
  version: number;
  content_version: number;
  state: string;
  comment: string | null;
  key_id: string;
  user_id: string | null;
  created_at: string;
}

/** A run made as an experiment: its name (unique in the project), description and metadata. */
export interface ExperimentTable {
  run_id: string;
  project_id: string;
  name: string;
  description: string | null;
  /** JSON text: an object. */
  metadata: string;
  created_at: string;
  updated_at: string;
}

/** Something sent about an experiment's runs that waits for what it refers to. */
export interface ExperimentPendingTable {
  seq: Generated<number>;
  run_id: string;
  /** `run` (an outcome for a datapoint) or `feedback` (a score for one). */
  kind: string;
  /** JSON text. */
  payload: string;
  created_at: string;
}

/** A file of a Hub-style repository as rendered for one version of a dataset, kept so its bytes and ETag never change. */
export interface HubRenderTable {
  dataset_seq: number;
  version: number;
  path: string;
  /** Hex SHA-256 of the bytes (the blob they are kept as): the file's ETag and LFS oid. */
  sha256: string;
  /** Hex SHA-1 of the bytes as a git blob: the file's git oid. */
  git_oid: string;
  size: number;
  created_at: string;
}

export interface AttachmentTable {
  project_id: string;
  sha256: string;
  /** bigint: PostgreSQL returns it as a string. */
  size: number | string;
  mime_type: string;
  filename: string | null;
  created_at: string;
  used_at?: string | null;
}

export interface AttachmentUploadTable {
  id: string;
  project_id: string;
  mime_type: string;
  filename: string | null;
  created_at: string;
}

/** A file of a dataset's tree, visible in versions [valid_from, valid_to) as a datapoint row is. */
export interface DatasetFileTable {
  row_id: Generated<number>;
  dataset_seq: number;
  path: string;
  sha256: string;
  /** bigint: PostgreSQL returns it as a string. */
  size: number | string;
  mime_type: string;
  valid_from: number;
  valid_to: number;
}

export interface HubSplitSchemaTable {
  row_id: Generated<number>;
  dataset_seq: number;
  split: string;
  /** JSON text: the store keeps it as it is given (see src/domain/hub/pushed-schema.ts). */
  schema: string;
  valid_from: number;
  valid_to: number;
}
