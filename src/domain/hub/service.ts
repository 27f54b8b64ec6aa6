import type { Readable } from 'node:stream';
import { LRUCache } from 'lru-cache';
import type { Store } from '../../store/store.js';
import { countSplits } from '../../store/datapoints.js';
import { findTag, listTags } from '../../store/version-tags.js';
import { findVersion } from '../../store/versions.js';
import type { BlobBackend, ByteRange } from '../../store/blobs/backend.js';
import type { Dataset } from '../../model/datasets.js';
import { projectOf, type Caller } from '../caller.js';
import type { Clock } from '../clock.js';
import type { DatasetService } from '../datasets.js';
import type { DatasetExports } from '../exports.js';
import type { FileTrees } from '../file-trees.js';
import { DomainError } from '../errors.js';
import type { Page } from '../cursor.js';
import type { PageRequest } from '../pages.js';
import type { TenancyService } from '../tenancy.js';
import { cardDataOf, type CardData } from './card.js';
import { COMMIT_PATTERN, MAIN_NAMES, commitOf, entryNotFound, repoNotFound, revisionNotFound } from './commits.js';
import { SHARD_ROWS, plannedFiles, splitNames, type PlannedFile, type VersionContent } from './layout.js';
import { HubRenders, storedFile, type HubFile } from './renders.js';
import { repoNameOf } from '../dataset-repos.js';

export type { HubFile } from './renders.js';

/** A dataset seen as a Hub repository: `id` is `NAMESPACE/NAME` (see dataset-repos.ts). */
export interface HubRepo {
  dataset: Dataset;
  namespace: string;
  id: string;
}

/** A version of a dataset seen as a Hub repository at a revision. */
export interface HubRevision extends HubRepo {
  caller: Caller;
  version: number;
  commit: string;
  committedAt: string;
  /** The files datashelf renders at this revision (the version's own files are read from its tree). */
  rendered: PlannedFile[];
  card: CardData;
}

/** A file of a revision and its bytes: whole, or one range. */
export interface HubContent {
  file: HubFile;
  read: (range?: ByteRange) => Promise<Buffer | Readable>;
}

export interface HubOptions {
  /** Rows per Parquet shard (default SHARD_ROWS). */
  shardRows?: number;
}

export interface HubListing extends PageRequest {
  author?: string;
  search?: string;
  tag?: string;
}

export interface HubRefs {
  main: string;
  tags: { name: string; commit: string }[];
}

type SplitCount = VersionContent['splits'][number];

/** Versions whose split counts are remembered (a few hundred bytes each). */
const SPLIT_COUNTS_KEPT = 10_000;

/** How many tags a repository's refs list shows. */
export const REFS_TAGS_MAX = 1000;

/**
 * Datasets as Hugging Face Hub dataset repositories: `NAMESPACE/NAME` is the dataset of
 * the caller's project, in that project's namespace, at the path `NAMESPACE/NAME` or else
 * named NAME (see dataset-repos.ts); each version is a commit, `main` the head, version
 * tags the tags. Its files are rendered once per version and kept.
 */
export class HubService {
  private readonly renders: HubRenders;
  private readonly splitCounts = new LRUCache<string, Promise<SplitCount[]>>({ max: SPLIT_COUNTS_KEPT });

  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    exports: DatasetExports,
    private readonly tenancy: TenancyService,
    clock: Clock,
    private readonly trees: FileTrees,
    private readonly blobs: BlobBackend,
    options: HubOptions = {},
  ) {
    this.renders = new HubRenders(store, exports, clock, blobs, options.shardRows ?? SHARD_ROWS);
  }

  /** The namespace the caller's repositories are in: its project's. */
  async namespaceOf(caller: Caller): Promise<string> {
    return (await this.tenancy.project({ id: projectOf(caller) })).namespace;
  }

  /**
   * The caller's repositories, newest first: its project's datasets, by name substring
   * and tag. Another namespace as the author has none the caller may see.
   */
  async list(caller: Caller, query: HubListing): Promise<Page<HubRepo>> {
    const namespace = await this.namespaceOf(caller);
    if (query.author !== undefined && query.author !== namespace) return { data: [], next_cursor: null };
    const { search, tag, limit, cursor } = query;
    const page = await this.datasets.list(caller, { sort: 'newest', search, tag, limit, cursor });
    return { ...page, data: page.data.map((dataset) => repoOf(dataset, namespace)) };
  }

  /** Another project's or namespace's repository is not found, as the Hub answers for a private one. */
  async repo(caller: Caller, namespace: string, name: string): Promise<Dataset> {
    if ((await this.namespaceOf(caller)) !== namespace) throw repoNotFound();
    try {
      return await this.datasets.get(caller, { repo: name });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') throw repoNotFound();
      throw error;
    }
  }

  async revision(caller: Caller, namespace: string, name: string, revision: string): Promise<HubRevision> {
    const dataset = await this.repo(caller, namespace, name);
    const version = await this.versionAt(dataset, revision);
    const [splits, made, own] = await Promise.all([
      this.splitsOf(dataset, version),
      findVersion(this.store, dataset, version),
      this.trees.holdsCardOrData(dataset, version),
    ]);
    const rendered = plannedFiles({ splits, datapointCount: made?.datapoint_count ?? 0, own, shardRows: this.renders.shardRows });
    return {
      ...repoOf(dataset, namespace),
      caller,
      version,
      commit: commitOf(dataset.id, version),
      committedAt: made?.created_at ?? dataset.created_at,
      rendered,
      card: cardDataOf(splitNames(rendered)),
    };
  }

  /**
   * A version's splits with their counts: counted once (a pass over its datapoints) and
   * remembered, since a version never changes and every request for a file asks again.
   */
  splitsOf(dataset: Dataset, version: number): Promise<SplitCount[]> {
    const key = `${dataset.seq}/${version}`;
    const known = this.splitCounts.get(key);
    if (known) return known;
    const counting = countSplits(this.store, dataset.seq, version);
    this.splitCounts.set(key, counting);
    counting.catch(() => this.splitCounts.delete(key));
    return counting;
  }

  async refs(caller: Caller, namespace: string, name: string): Promise<HubRefs> {
    const dataset = await this.repo(caller, namespace, name);
    const tags = await listTags(this.store, dataset.seq, null, REFS_TAGS_MAX);
    return {
      main: commitOf(dataset.id, dataset.head_version),
      tags: tags.map((t) => ({ name: t.name, commit: commitOf(dataset.id, t.version) })),
    };
  }

  /** Every file of the revision: the rendered ones (rendered and kept if they were not yet) and the version's own. */
  async files(at: HubRevision): Promise<HubFile[]> {
    const [rendered, tree] = await Promise.all([this.renders.infos(at, at.rendered), this.trees.tree(at.dataset, at.version)]);
    return [...rendered, ...tree.map((f) => storedFile(f.path, f))];
  }

  /** The paths of every file of the revision, without rendering any. */
  async paths(at: HubRevision): Promise<string[]> {
    const tree = await this.trees.tree(at.dataset, at.version);
    return [...at.rendered.map((f) => f.path), ...tree.map((f) => f.path)];
  }

  /** A file of the revision: one of its tree's is read from the blob store, a rendered one from where it is kept. */
  async file(at: HubRevision, path: string): Promise<HubContent> {
    const stored = await this.trees.file(at.dataset, at.version, path);
    if (stored) return { file: storedFile(path, stored), read: (range) => this.blobs.read(stored.sha256, range) };
    const planned = at.rendered.find((f) => f.path === path);
    if (!planned) throw entryNotFound();
    const [file] = await this.renders.infos(at, [planned]);
    return { file, read: (range) => this.blobs.read(file.sha256, range) };
  }

  /** `main` is the head; a version's commit id or a version tag names that version. */
  async versionAt(dataset: Dataset, revision: string): Promise<number> {
    if (MAIN_NAMES.has(revision)) return dataset.head_version;
    if (COMMIT_PATTERN.test(revision)) {
      for (let v = dataset.head_version; v >= 0; v--) if (commitOf(dataset.id, v) === revision) return v;
    }
    const tag = await findTag(this.store, dataset.seq, revision);
    if (!tag) throw revisionNotFound(revision);
    return tag.version;
  }
}

const repoOf = (dataset: Dataset, namespace: string): HubRepo => ({
  dataset,
  namespace,
  id: `${namespace}/${repoNameOf(namespace, dataset.name, dataset.path)}`,
});
