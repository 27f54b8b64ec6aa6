import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/shares.js';
import { findNamespace } from '../store/tenancy.js';
import { findUser } from '../store/users.js';
import type { Share, ShareCreate } from '../model/evals.js';
import { projectOf, type Caller } from './caller.js';
import { audit } from './audit.js';
import { stampOf } from './stamp.js';
import type { Clock } from './clock.js';
import { notFound } from './errors.js';
import { uniquely } from './unique.js';
import type { DatasetService } from './datasets.js';

/** A dataset has a handful of shares; this many at most are listed. */
const SHARES_MAX = 1000;

/** Shares: the only way a dataset is seen from outside its project (read-only there). */
export class ShareService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, datasetId: string, target: ShareCreate): Promise<Share> {
    await this.datasets.get(caller, datasetId);
    const stamp = stampOf(caller, this.clock);
    const share = { id: randomUUID(), dataset_id: datasetId, created_at: stamp.at };
    let stored: store.ShareTarget = { public: true };
    let namespace: string | null = null;
    if ('user_id' in target) {
      if (!(await findUser(this.store, target.user_id))) throw notFound('user');
      stored = { user_id: target.user_id };
    } else if ('namespace' in target) {
      const found = await findNamespace(this.store, { slug: target.namespace });
      if (!found) throw notFound(`namespace "${target.namespace}"`);
      stored = { namespace_id: found.id };
      namespace = found.slug;
    }
    await uniquely(this.store, { share_target: 'the dataset is already shared that way' }, () =>
      store.insertShare(this.store, { ...share, target: stored }),
    );
    const made = { ...share, user_id: 'user_id' in target ? target.user_id : null, namespace, public: 'public' in target };
    const detail = { share_id: made.id, user_id: made.user_id, namespace, public: made.public };
    await audit(this.store, projectOf(caller), stamp, { action: 'share.create', dataset_id: datasetId, detail });
    return made;
  }

  async list(caller: Caller, datasetId: string): Promise<Share[]> {
    await this.datasets.get(caller, datasetId);
    return store.listShares(this.store, datasetId, SHARES_MAX);
  }

  async remove(caller: Caller, datasetId: string, shareId: string): Promise<void> {
    await this.datasets.get(caller, datasetId);
    if (!(await store.deleteShare(this.store, datasetId, shareId))) throw notFound('share');
    await audit(this.store, projectOf(caller), stampOf(caller, this.clock), {
      action: 'share.delete',
      dataset_id: datasetId,
      detail: { share_id: shareId },
    });
  }
}
