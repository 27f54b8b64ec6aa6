import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/collections.js';
import type { Collection, CollectionCreate, CollectionMembers, CollectionUpdate } from '../model/collections.js';
import { projectOf, type Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import type { Page } from './cursor.js';
import { notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { DatasetService } from './datasets.js';

/**
 * Named sets of member ids (datapoint ids, node ids, any string) in a project,
 * optionally inside a dataset; they outlive their dataset as standalone collections.
 */
export class CollectionService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, input: CollectionCreate): Promise<Collection> {
    if (input.dataset_id) await this.datasets.get(caller, input.dataset_id);
    const at = isoAt(this.clock);
    const id = randomUUID();
    await this.store.transaction(async (tx) => {
      await store.insertCollection(tx, {
        id,
        project_id: projectOf(caller),
        dataset_id: input.dataset_id ?? null,
        name: input.name,
        created_at: at,
      });
      await store.addMembers(tx, id, unique(input.members ?? []), at);
    });
    return this.get(caller, id);
  }

  async get(caller: Caller, id: string): Promise<Collection> {
    const found = await store.findCollection(this.store, projectOf(caller), id);
    if (!found) throw notFound('collection');
    return found;
  }

  async list(caller: Caller, query: PageRequest & store.CollectionFilter): Promise<Page<Collection>> {
    const after = cursorKey<[number]>('col', query.cursor, ['integer']);
    const filter = { dataset_id: query.dataset_id, member: query.member };
    const rows = await store.listCollections(this.store, projectOf(caller), filter, after?.[0] ?? null, query.limit + 1);
    return pageOf(
      rows,
      query.limit,
      'col',
      (r) => [r.seq],
      (r) => r.collection,
    );
  }

  async update(caller: Caller, id: string, patch: CollectionUpdate): Promise<Collection> {
    if (patch.dataset_id) await this.datasets.get(caller, patch.dataset_id);
    const found = await store.updateCollection(this.store, projectOf(caller), id, { ...patch, updated_at: isoAt(this.clock) });
    if (!found) throw notFound('collection');
    return this.get(caller, id);
  }

  async remove(caller: Caller, id: string): Promise<void> {
    const deleted = await this.store.transaction((tx) => store.deleteCollection(tx, projectOf(caller), id));
    if (!deleted) throw notFound('collection');
  }

  async addMembers(caller: Caller, id: string, members: string[]): Promise<Collection> {
    await this.get(caller, id);
    const at = isoAt(this.clock);
    await this.store.transaction(async (tx) => {
      await store.addMembers(tx, id, unique(members), at);
      await store.touchCollection(tx, id, at);
    });
    return this.get(caller, id);
  }

  async removeMembers(caller: Caller, id: string, members: string[]): Promise<Collection> {
    await this.get(caller, id);
    await this.store.transaction(async (tx) => {
      await store.removeMembers(tx, id, unique(members));
      await store.touchCollection(tx, id, isoAt(this.clock));
    });
    return this.get(caller, id);
  }

  /** A dataset's collections, each with all its members: one query, for surfaces that inline them. */
  ofDataset(caller: Caller, datasetId: string): Promise<CollectionMembers[]> {
    return store.collectionsWithMembers(this.store, projectOf(caller), datasetId);
  }

  async members(caller: Caller, id: string, page: PageRequest): Promise<Page<string>> {
    await this.get(caller, id);
    const after = cursorKey<[string]>('mem', page.cursor, ['string']);
    const rows = await store.listMembers(this.store, id, after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'mem',
      (m) => [m],
      (m) => m,
    );
  }
}

const unique = (items: string[]) => [...new Set(items)];
