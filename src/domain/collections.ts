import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/collections.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { DatasetService } from './datasets.js';

export interface Collection {
  id: string;
  name: string;
  dataset_id: string | null;
  member_count: number;
  created_at: string;
  updated_at: string;
}

export interface CollectionCreate {
  name: string;
  dataset_id?: string | null;
  members?: string[];
}

/**
 * Named sets of member ids (datapoint ids, node ids, any string) in a project,
 * optionally inside a dataset; they outlive their dataset as standalone collections.
 */
export class CollectionService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
  ) {}

  async create(projectId: string, input: CollectionCreate): Promise<Collection> {
    if (input.dataset_id) await this.datasets.row(projectId, input.dataset_id);
    const at = now();
    const id = randomUUID();
    await this.store.transaction(async (tx) => {
      await store.insertCollection(tx, { id, project_id: projectId, dataset_id: input.dataset_id ?? null, name: input.name, created_at: at, updated_at: at });
      await store.addMembers(tx, id, unique(input.members ?? []), at);
    });
    return this.get(projectId, id);
  }

  async get(projectId: string, id: string): Promise<Collection> {
    const row = await store.findCollection(this.store, projectId, id);
    if (!row) throw notFound('collection');
    return toCollection(row);
  }

  async list(projectId: string, query: PageRequest & store.CollectionFilter): Promise<Page<Collection>> {
    const after = cursorKey<[number]>('col', query.cursor, ['number']);
    const filter = { dataset_id: query.dataset_id, member: query.member };
    const rows = await store.listCollections(this.store, projectId, filter, after?.[0] ?? null, query.limit + 1);
    return pageOf(rows, query.limit, 'col', (r) => [r.seq], toCollection);
  }

  async update(projectId: string, id: string, patch: { name?: string; dataset_id?: string | null }): Promise<Collection> {
    if (patch.dataset_id) await this.datasets.row(projectId, patch.dataset_id);
    const found = await store.updateCollection(this.store, projectId, id, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.dataset_id !== undefined && { dataset_id: patch.dataset_id }),
      updated_at: now(),
    });
    if (!found) throw notFound('collection');
    return this.get(projectId, id);
  }

  async remove(projectId: string, id: string): Promise<void> {
    const deleted = await this.store.transaction((tx) => store.deleteCollection(tx, projectId, id));
    if (!deleted) throw notFound('collection');
  }

  async addMembers(projectId: string, id: string, members: string[]): Promise<Collection> {
    await this.get(projectId, id);
    await this.store.transaction(async (tx) => {
      await store.addMembers(tx, id, unique(members), now());
      await store.touchCollection(tx, id, now());
    });
    return this.get(projectId, id);
  }

  async removeMembers(projectId: string, id: string, members: string[]): Promise<Collection> {
    await this.get(projectId, id);
    await this.store.transaction(async (tx) => {
      await store.removeMembers(tx, id, unique(members));
      await store.touchCollection(tx, id, now());
    });
    return this.get(projectId, id);
  }

  /** A dataset's collections, each with all its members: one query, for surfaces that inline them. */
  async ofDataset(projectId: string, datasetId: string): Promise<{ id: string; name: string; members: string[] }[]> {
    const grouped = new Map<string, { id: string; name: string; members: string[] }>();
    for (const row of await store.collectionsWithMembers(this.store, projectId, datasetId)) {
      const entry = grouped.get(row.id) ?? { id: row.id, name: row.name, members: [] };
      if (row.member !== null) entry.members.push(row.member);
      grouped.set(row.id, entry);
    }
    return [...grouped.values()];
  }

  async members(projectId: string, id: string, page: PageRequest): Promise<Page<string>> {
    await this.get(projectId, id);
    const after = cursorKey<[string]>('mem', page.cursor, ['string']);
    const rows = await store.listMembers(this.store, id, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'mem', (m) => [m], (m) => m);
  }
}

const unique = (items: string[]) => [...new Set(items)];

function toCollection(row: store.CollectionRow): Collection {
  return {
    id: row.id,
    name: row.name,
    dataset_id: row.dataset_id,
    member_count: row.member_count,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
