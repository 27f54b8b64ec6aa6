import type { Store } from '../store/store.js';
import { createHash } from 'node:crypto';
import { ArtifactService } from './artifacts.js';
import { CollectionService } from './collections.js';
import { SignedCursors } from './cursor.js';
import { JobService } from './jobs.js';
import { DatapointService } from './datapoints.js';
import { DatasetService } from './datasets.js';
import { IdempotencyService } from './idempotency.js';
import { RateLimiter, type RateLimitConfig } from './rate-limits.js';
import { TelemetryService } from './telemetry.js';
import { CatalogService } from './catalog.js';
import { EvalsView } from './evals-view.js';
import { RunService } from './runs.js';
import { ShareService } from './shares.js';
import { StatusService } from './status.js';
import { UserService } from './users.js';
import { TenancyService } from './tenancy.js';
import { TokenService, type TokenConfig } from './tokens.js';
import { VersionService } from './versions.js';

export interface Services {
  tenancy: TenancyService;
  datasets: DatasetService;
  versions: VersionService;
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
  evals: EvalsView;
  status: StatusService;
}

export interface ServiceOptions {
  jwt: TokenConfig;
  rateLimit: RateLimitConfig;
}

export function createServices(store: Store, options: ServiceOptions): Services {
  const datasets = new DatasetService(store);
  // Cursor signatures use a key derived from the JWT secret, which every instance shares.
  const cursors = new SignedCursors(createHash('sha256').update(`datashelf cursors\n${options.jwt.secret}`).digest());
  return {
    tokens: new TokenService(options.jwt),
    jobs: new JobService(store, datasets),
    artifacts: new ArtifactService(store, cursors),
    telemetry: new TelemetryService(store),
    rateLimits: new RateLimiter(store.rateCounters, options.rateLimit),
    users: new UserService(store),
    shares: new ShareService(store, datasets),
    catalog: new CatalogService(store),
    runs: new RunService(store, datasets),
    evals: new EvalsView(store),
    status: new StatusService(store),
    tenancy: new TenancyService(store),
    datasets,
    versions: new VersionService(store, datasets),
    datapoints: new DatapointService(store, datasets),
    collections: new CollectionService(store, datasets),
    idempotency: new IdempotencyService(store),
  };
}
