import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';
import { ArtifactService } from './artifacts.js';
import { AttachmentLinks } from './attachment-links.js';
import { AttachmentUploads } from './attachment-uploads.js';
import { AttachmentCollector } from './attachment-collector.js';
import { AttachmentService, NO_BLOBS, type AttachmentOptions } from './attachments.js';
import { AuditService } from './audit.js';
import { CatalogService } from './evals/catalog.js';
import { systemClock, type Clock } from './clock.js';
import { CollectionService } from './collections.js';
import { SignedCursors } from './cursor.js';
import { DatapointService } from './datapoints.js';
import { DatapointOffsets } from './datapoint-offsets.js';
import { DatapointLookup } from './datapoint-lookup.js';
import { DatasetService } from './datasets.js';
import { DatasetSchemaService } from './dataset-schemas.js';
import { DatasetExports } from './exports.js';
import { FileTrees } from './file-trees.js';
import { EvalsView } from './evals/evals-view.js';
import { ExperimentService } from './evals/experiments.js';
import { ExperimentResults } from './evals/experiment-results.js';
import { HubService, type HubOptions } from './hub/service.js';
import { HubPush } from './hub/push.js';
import { HubLfs } from './hub/lfs.js';
import { HubTags } from './hub/tags.js';
import { IdempotencyService } from './idempotency.js';
import { LIMITS } from '../model/limits.js';
import { ImportService } from './imports/service.js';
import { JobService } from './jobs.js';
import { KeyGrants } from './key-grants.js';
import { RateLimiter, type RateLimitConfig } from './rate-limits.js';
import { RunService } from './evals/runs.js';
import { RunResultService } from './evals/run-results.js';
import { ReviewService } from './review-states.js';
import { SideBySideService } from './evals/run-side-by-side.js';
import { DatasetExtrasService } from './dataset-extras.js';
import { RowPages } from './row-pages.js';
import { ShareService } from './shares.js';
import { StatusService } from './status.js';
import { TelemetryService } from './telemetry.js';
import { TenancyService } from './tenancy.js';
import { TokenService, type TokenConfig } from './tokens.js';
import { UserService } from './users.js';
import { VersionService } from './versions/service.js';
import { VersionTagService } from './versions/tags.js';
import { VersionPoints } from './versions/points.js';
import { SecretBox } from './sealed-secrets.js';
import { WebhookService, type TargetCheck } from './webhooks.js';

export interface Services {
  tenancy: TenancyService;
  audit: AuditService;
  datasets: DatasetService;
  datasetSchemas: DatasetSchemaService;
  versions: VersionService;
  versionTags: VersionTagService;
  versionPoints: VersionPoints;
  imports: ImportService;
  datapoints: DatapointService;
  datapointOffsets: DatapointOffsets;
  datapointLookup: DatapointLookup;
  collections: CollectionService;
  idempotency: IdempotencyService;
  tokens: TokenService;
  jobs: JobService;
  artifacts: ArtifactService;
  attachments: AttachmentService;
  attachmentLinks: AttachmentLinks;
  attachmentUploads: AttachmentUploads;
  attachmentCollector: AttachmentCollector;
  telemetry: TelemetryService;
  rateLimits: RateLimiter;
  users: UserService;
  shares: ShareService;
  catalog: CatalogService;
  runs: RunService;
  runResults: RunResultService;
  reviews: ReviewService;
  sideBySide: SideBySideService;
  datasetExtras: DatasetExtrasService;
  rowPages: RowPages;
  experiments: ExperimentService;
  experimentResults: ExperimentResults;
  evals: EvalsView;
  webhooks: WebhookService;
  status: StatusService;
  exports: DatasetExports;
  hub: HubService;
  hubPush: HubPush;
  fileTrees: FileTrees;
  hubLfs: HubLfs;
  hubTags: HubTags;
}

export interface ServiceOptions {
  jwt: TokenConfig;
  rateLimit: RateLimitConfig;
  /** After how long without a sign of life an import's unfinished version is taken back out (default 30 s). */
  importStallMs?: number;
  /** The time every service reads; tests pass one they control. */
  clock?: Clock;
  /** Where webhooks may point (src/outbound); without it, no webhook can be made. */
  checkWebhookTarget?: TargetCheck;
  /** Where attachment bytes go; without it, no attachment can be uploaded. */
  attachments?: AttachmentOptions;
  /** How Hub repositories are rendered (tests cut small Parquet shards). */
  hub?: HubOptions;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const noTargets: TargetCheck = async () => 'cannot be checked: this server has no outbound webhook client';

/** Every service, wired here and nowhere else. */
export function createServices(store: Store, options: ServiceOptions): Services {
  const clock = options.clock ?? systemClock;
  const datasets = new DatasetService(store, clock);
  const runs = new RunService(store, datasets, clock);
  const grants = new KeyGrants(store);
  // Cursor signatures use a key derived from the JWT secret, which every instance shares.
  const cursors = new SignedCursors(createHash('sha256').update(`datashelf cursors\n${options.jwt.secret}`).digest());
  // Attachment links, like cursors, are signed with a key derived from the shared JWT secret.
  const linkKey = createHash('sha256').update(`datashelf attachment links\n${options.jwt.secret}`).digest();
  const attachmentLinks = new AttachmentLinks(store, clock, linkKey, options.attachments?.linkBase ?? '');
  const datapoints = new DatapointService(store, datasets, attachmentLinks);
  const attachments = new AttachmentService(
    store,
    clock,
    options.attachments ?? { blobs: NO_BLOBS, maxBytes: LIMITS.attachmentBytesDefault },
  );
  const imports = new ImportService(store, datasets, clock, attachments);
  const tenancy = new TenancyService(store, clock, grants);
  const exports = new DatasetExports(store, datapoints, attachments);
  const fileTrees = new FileTrees(store, datasets, attachmentLinks);
  const hub = new HubService(store, datasets, exports, tenancy, clock, fileTrees, attachments.blobs, options.hub);
  const attachmentUploads = new AttachmentUploads(store, clock, attachments);
  const versionTags = new VersionTagService(store, datasets, clock);
  const versions = new VersionService(store, datasets, clock, options.importStallMs ?? 30_000);
  // The Hub's LFS upload URLs are signed too, under a key of their own.
  const lfsKey = createHash('sha256').update(`datashelf hub lfs\n${options.jwt.secret}`).digest();
  return {
    tenancy,
    audit: new AuditService(store),
    datasets,
    datasetSchemas: new DatasetSchemaService(store, datasets, clock),
    versions,
    versionTags,
    versionPoints: new VersionPoints(store, datasets),
    imports,
    datapoints,
    datapointOffsets: new DatapointOffsets(store, datasets, attachmentLinks),
    datapointLookup: new DatapointLookup(store),
    collections: new CollectionService(store, datasets, clock),
    idempotency: new IdempotencyService(store, clock),
    tokens: new TokenService(options.jwt, grants),
    jobs: new JobService(store, datasets, clock),
    artifacts: new ArtifactService(store, cursors),
    attachmentLinks,
    attachments,
    attachmentUploads,
    attachmentCollector: new AttachmentCollector(store, clock, attachments.blobs, options.attachments?.gcGraceMs ?? DAY_MS),
    telemetry: new TelemetryService(store, datasets, clock),
    rateLimits: new RateLimiter(store.rateCounters, options.rateLimit, clock),
    users: new UserService(store, clock),
    shares: new ShareService(store, datasets, clock),
    catalog: new CatalogService(store, clock),
    runs,
    runResults: new RunResultService(store, datasets, clock),
    reviews: new ReviewService(store, datasets, clock),
    sideBySide: new SideBySideService(store, datasets, attachmentLinks),
    datasetExtras: new DatasetExtrasService(store, datasets, clock),
    rowPages: new RowPages(store, datasets, datapoints),
    experiments: new ExperimentService(store, datasets, runs, clock),
    experimentResults: new ExperimentResults(store, clock),
    evals: new EvalsView(store),
    webhooks: new WebhookService(store, clock, new SecretBox(options.jwt.secret), options.checkWebhookTarget ?? noTargets),
    status: new StatusService(store),
    exports,
    hub,
    hubPush: new HubPush({ hub, datasets, imports, versions, trees: fileTrees, attachments }),
    hubLfs: new HubLfs(hub, attachments, attachmentUploads, clock, lfsKey),
    hubTags: new HubTags(store, hub, versionTags),
    fileTrees,
  };
}
