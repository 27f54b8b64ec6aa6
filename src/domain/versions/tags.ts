import type { Store } from '../../store/store.js';
import * as tags from '../../store/version-tags.js';
import type { TagMove, VersionTag } from '../../model/version-tags.js';
import { projectOf, type Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import { audit } from '../audit.js';
import { stampOf } from '../stamp.js';
import type { Page } from '../cursor.js';
import { notFound } from '../errors.js';
import { cursorKey, pageOf, type PageRequest } from '../pages.js';
import type { DatasetService } from '../datasets.js';
import { chosenVersion } from './select.js';

/** Named, movable pointers to versions (`prod`, `baseline-2026-03`); every move is kept. */
export class VersionTagService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  /** Points the tag at a version (a number or another tag), making it when it is new. */
  async set(caller: Caller, datasetId: string, name: string, target: number | string): Promise<{ tag: VersionTag; created: boolean }> {
    const dataset = await this.datasets.get(caller, datasetId);
    return this.store.transaction(async (tx) => {
      const version = await chosenVersion(tx, dataset, { version: target });
      const stamp = stampOf(caller, this.clock);
      const { tag, before } = await tags.setTag(tx, dataset.seq, name, version, stamp.at);
      const detail = { name, from_version: before?.version ?? null, to_version: version };
      await audit(tx, projectOf(caller), stamp, { action: 'tag.set', dataset_id: dataset.id, detail });
      return { tag, created: !before };
    });
  }

  async get(caller: Caller, datasetId: string, name: string): Promise<VersionTag> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const tag = await tags.findTag(this.store, dataset.seq, name);
    if (!tag) throw notFound(`version tag "${name}"`);
    return tag;
  }

  async list(caller: Caller, datasetId: string, page: PageRequest): Promise<Page<VersionTag>> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const after = cursorKey<[string]>('tag', page.cursor, ['string']);
    const rows = await tags.listTags(this.store, dataset.seq, after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'tag',
      (t) => [t.name],
      (t) => t,
    );
  }

  async delete(caller: Caller, datasetId: string, name: string): Promise<void> {
    const dataset = await this.datasets.get(caller, datasetId);
    const stamp = stampOf(caller, this.clock);
    const deleted = await this.store.transaction(async (tx) => {
      const gone = await tags.deleteTag(tx, dataset.seq, name, stamp.at);
      if (gone) await audit(tx, projectOf(caller), stamp, { action: 'tag.delete', dataset_id: dataset.id, detail: { name } });
      return gone;
    });
    if (!deleted) throw notFound(`version tag "${name}"`);
  }

  /** Where the tag pointed, newest move first; kept after the tag is deleted. */
  async history(caller: Caller, datasetId: string, name: string, page: PageRequest): Promise<Page<TagMove>> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const after = cursorKey<[number]>('tagmove', page.cursor, ['version']);
    const rows = await tags.tagMoves(this.store, dataset.seq, name, after?.[0] ?? null, page.limit + 1);
    if (rows.length === 0 && !after) throw notFound(`version tag "${name}"`);
    return pageOf(
      rows,
      page.limit,
      'tagmove',
      (m) => [m.move],
      (m) => m,
    );
  }
}
