import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/shares.js';
import * as tenancy from '../store/tenancy.js';
import * as users from '../store/users.js';
import { now } from './clock.js';
import { invalid, notFound } from './errors.js';
import { uniquely } from './unique.js';
import type { DatasetService } from './datasets.js';

export type ShareTarget = { user_id: string } | { namespace: string } | { public: true };

export interface Share {
  id: string;
  dataset_id: string;
  user_id: string | null;
  namespace: string | null;
  public: boolean;
  created_at: string;
}

/** Shares: the only way a dataset is seen from outside its project (read-only there). */
export class ShareService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
  ) {}

  async create(projectId: string, datasetId: string, target: ShareTarget): Promise<Share> {
    await this.datasets.row(projectId, datasetId);
    const row: store.ShareRow = { id: randomUUID(), dataset_id: datasetId, target: 'public', user_id: null, namespace_id: null, created_at: now() };
    let namespaceSlug: string | null = null;
    if ('user_id' in target) {
      if (!(await users.findUser(this.store, target.user_id))) throw notFound('user');
      Object.assign(row, { target: `user:${target.user_id}`, user_id: target.user_id });
    } else if ('namespace' in target) {
      const namespace = await tenancy.findNamespaceBySlug(this.store, target.namespace);
      if (!namespace) throw notFound(`namespace "${target.namespace}"`);
      Object.assign(row, { target: `namespace:${namespace.id}`, namespace_id: namespace.id });
      namespaceSlug = namespace.slug;
    } else if (target.public !== true) {
      throw invalid('a share names a user_id, a namespace, or public: true');
    }
    await uniquely(this.store, 'the dataset is already shared that way', () => store.insertShare(this.store, row));
    return toShare(row, namespaceSlug);
  }

  async list(projectId: string, datasetId: string): Promise<Share[]> {
    await this.datasets.row(projectId, datasetId);
    const rows = await store.listShares(this.store, datasetId);
    const slugs = new Map<string, string>();
    for (const r of rows) {
      if (r.namespace_id && !slugs.has(r.namespace_id)) {
        slugs.set(r.namespace_id, (await tenancy.findNamespaceById(this.store, r.namespace_id))?.slug ?? '');
      }
    }
    return rows.map((r) => toShare(r, r.namespace_id ? slugs.get(r.namespace_id) ?? null : null));
  }

  async remove(projectId: string, datasetId: string, shareId: string): Promise<void> {
    await this.datasets.row(projectId, datasetId);
    if (!(await store.deleteShare(this.store, datasetId, shareId))) throw notFound('share');
  }
}

function toShare(row: store.ShareRow, namespace: string | null): Share {
  return { id: row.id, dataset_id: row.dataset_id, user_id: row.user_id, namespace, public: row.target === 'public', created_at: row.created_at };
}
