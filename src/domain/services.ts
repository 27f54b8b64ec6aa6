import type { Store } from '../store/store.js';
import { CollectionService } from './collections.js';
import { DatapointService } from './datapoints.js';
import { DatasetService } from './datasets.js';
import { IdempotencyService } from './idempotency.js';
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
}

export interface ServiceOptions {
  jwt: TokenConfig;
}

export function createServices(store: Store, options: ServiceOptions): Services {
  const datasets = new DatasetService(store);
  return {
    tokens: new TokenService(options.jwt),
    tenancy: new TenancyService(store),
    datasets,
    versions: new VersionService(store, datasets),
    datapoints: new DatapointService(store, datasets),
    collections: new CollectionService(store, datasets),
    idempotency: new IdempotencyService(store),
  };
}
