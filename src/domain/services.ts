import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';
import { ArtifactService } from './artifacts.js';
import { AuditService } from './audit.js';
import { CatalogService } from './catalog.js';
import { systemClock, type Clock } from './clock.js';
import { CollectionService } from './collections.js';
import { SignedCursors } from './cursor.js';
import { DatapointService } from './datapoints.js';
import { DatasetService } from './datasets.js';
import { DatasetSchemaService } from './dataset-schemas.js';
import { EvalsView } from './evals-view.js';
import { IdempotencyService } from './idempotency.js';
import { ImportService } from './imports.js';
import { JobService } from './jobs.js';
import { KeyGrants } from './key-grants.js';
import { RateLimiter, type RateLimitConfig } from './rate-limits.js';
import { RunService } from './runs.js';
import { RunResultService } from './run-results.js';
import { ShareService } from './shares.js';
import { StatusService } from './status.js';
import { TelemetryService } from './telemetry.js';
import { TenancyService } from './tenancy.js';
import { TokenService, type TokenConfig } from './tokens.js';
import { UserService } from './users.js';
import { VersionService } from './versions.js';
import { VersionTagService } from './version-tags.js';
import { SecretBox } from './sealed-secrets.js';
import { WebhookService, type TargetCheck } from './webhooks.js';

export interface Services {
  tenancy: TenancyService;
  audit: AuditService;
  datasets: DatasetService;
  datasetSchemas: DatasetSchemaService;
  versions: VersionService;
  versionTags: VersionTagService;
  imports: ImportService;
  datapoints: DatapointService;
  collections: CollectionService;
  idempotency: IdempotencyService;
  tokens: TokenService;
  jobs: JobService;
  artifacts: ArtifactService;
  telemetry: TelemetryService;
  rateLimits: RateLimiter;
  users: UserService;
  shares: ShareService;
  catalog: CatalogService;
  runs: RunService;
  runResults: RunResultService;
  evals: EvalsView;
  webhooks: WebhookService;
  status: StatusService;
}

export interface ServiceOptions {
  jwt: TokenConfig;
  rateLimit: RateLimitConfig;
  /** The time every service reads; tests pass one they control. */
  clock?: Clock;
  /** Where webhooks may point (src/outbound); without it, no webhook can be made. */
  checkWebhookTarget?: TargetCheck;
}

const noTargets: TargetCheck = async () => 'cannot be checked: this server has no outbound webhook client';

/** Every service, wired here and nowhere else. */
export function createServices(store: Store, options: ServiceOptions): Services {
  const clock = options.clock ?? systemClock;
  const datasets = new DatasetService(store, clock);
  const grants = new KeyGrants(store);
  // Cursor signatures use a key derived from the JWT secret, which every instance shares.
  const cursors = new SignedCursors(createHash('sha256').update(`datashelf cursors\n${options.jwt.secret}`).digest());
  return {
    tenancy: new TenancyService(store, clock, grants),
    audit: new AuditService(store),
    datasets,
    datasetSchemas: new DatasetSchemaService(store, datasets, clock),
    versions: new VersionService(store, datasets, clock),
    versionTags: new VersionTagService(store, datasets, clock),
    imports: new ImportService(store, datasets, clock),
    datapoints: new DatapointService(store, datasets),
    collections: new CollectionService(store, datasets, clock),
    idempotency: new IdempotencyService(store, clock),
    tokens: new TokenService(options.jwt, grants),
    jobs: new JobService(store, datasets, clock),
    artifacts: new ArtifactService(store, cursors),
    telemetry: new TelemetryService(store, datasets, clock),
    rateLimits: new RateLimiter(store.rateCounters, options.rateLimit, clock),
    users: new UserService(store, clock),
    shares: new ShareService(store, datasets, clock),
    catalog: new CatalogService(store, clock),
    runs: new RunService(store, datasets, clock),
    runResults: new RunResultService(store, datasets, clock),
    evals: new EvalsView(store),
    webhooks: new WebhookService(store, clock, new SecretBox(options.jwt.secret), options.checkWebhookTarget ?? noTargets),
    status: new StatusService(store),
  };
}
