import type { Store } from '../../store/store.js';
import { findTag } from '../../store/version-tags.js';
import type { Caller } from '../caller.js';
import { conflict, DomainError } from '../errors.js';
import type { VersionTagService } from '../versions/tags.js';
import { commitOf, revisionNotFound } from './commits.js';
import type { HubService } from './service.js';

/**
 * A repository's tags through the Hub API: they are the dataset's version tags. The Hub
 * makes a tag once (an existing one is 409) where a version tag moves, so moving one is
 * left to `/v1` (`PUT /v1/datasets/{id}/tags/{name}`).
 */
export class HubTags {
  constructor(
    private readonly store: Store,
    private readonly hub: HubService,
    private readonly versionTags: VersionTagService,
  ) {}

  /** Tags the version the revision names; answers the tag's commit id. */
  async create(caller: Caller, namespace: string, name: string, revision: string, tag: string): Promise<string> {
    const dataset = await this.hub.repo(caller, namespace, name);
    const version = await this.hub.versionAt(dataset, revision);
    if (await findTag(this.store, dataset.seq, tag)) throw conflict(`Tag ${tag} already exists`);
    await this.versionTags.set(caller, dataset.id, tag, version);
    return commitOf(dataset.id, version);
  }

  async delete(caller: Caller, namespace: string, name: string, tag: string): Promise<void> {
    const dataset = await this.hub.repo(caller, namespace, name);
    try {
      await this.versionTags.delete(caller, dataset.id, tag);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') throw revisionNotFound(tag);
      throw error;
    }
  }
}
