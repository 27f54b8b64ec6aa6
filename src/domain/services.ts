import type { Store } from '../store/store.js';
import { CollectionService } from './collections.js';
import { DatapointService } from './datapoints.js';
import { DatasetService } from './datasets.js';
import { IdempotencyService } from './idempotency.js';
import { TenancyService } from './tenancy.js';
import { VersionService } from './versions.js';

export interface Services {
  tenancy: TenancyService;
  datasets: DatasetService;
  versions: VersionService;
  datapoints: DatapointService;
  collections: CollectionService;
  idempotency: IdempotencyService;
}

export function createServices(store: Store): Services {
  const datasets = new DatasetService(store);
  return {
    tenancy: new TenancyService(store),
    datasets,
    versions: new VersionService(store, datasets),
    datapoints: new DatapointService(store, datasets),
    collections: new CollectionService(store, datasets),
    idempotency: new IdempotencyService(store),
  };
}
