import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import type { Store } from '../../store/store.js';
import { countSplits } from '../../store/datapoints.js';
import { findTag, listTags } from '../../store/version-tags.js';
import { findVersion } from '../../store/versions.js';
import { keepRender, renderBytes, renderInfos, type RenderInfo } from '../../store/hub-renders.js';
import type { Dataset } from '../../model/datasets.js';
import { projectOf, type Caller } from '../caller.js';
import { isoAt, type Clock } from '../clock.js';
import type { DatasetService } from '../datasets.js';
import type { DatasetExports } from '../exports.js';
import { DomainError } from '../errors.js';
import type { Page } from '../cursor.js';
import type { PageRequest } from '../pages.js';
import type { TenancyService } from '../tenancy.js';
import { cardDataOf, cardText, type CardData } from './card.js';
import { COMMIT_PATTERN, MAIN_NAMES, commitOf, entryNotFound, repoNotFound, revisionNotFound } from './commits.js';
import { CARD_PATH, isLfs, plannedFiles, splitNames, type PlannedFile } from './layout.js';

/** A version of a dataset seen as a Hub repository at a revision. */
export interface HubRevision {
  caller: Caller;
  dataset: Dataset;
  namespace: string;
  version: number;
  commit: string;
  committedAt: string;
  planned: PlannedFile[];
  card: CardData;
}

export interface HubFile extends RenderInfo {
  lfs: boolean;
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

/** How many tags a repository's refs list shows. */
export const REFS_TAGS_MAX = 1000;

/**
 * Datasets as Hugging Face Hub dataset repositories: `NAMESPACE/NAME` is the dataset
 * NAME of the caller's project, in that project's namespace; each version is a commit,
 * `main` the head, version tags the tags. Its files are rendered once per version and kept.
 */
export class HubService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly exports: DatasetExports,
    private readonly tenancy: TenancyService,
    private readonly clock: Clock,
  ) {}

  /** The namespace the caller's repositories are in: its project's. */
  async namespaceOf(caller: Caller): Promise<string> {
    return (await this.tenancy.project({ id: projectOf(caller) })).namespace;
  }

  /**
   * The caller's repositories, newest first: its project's datasets, by name substring
   * and tag. Another namespace as the author has none the caller may see.
   */
  async list(caller: Caller, query: HubListing): Promise<{ namespace: string; page: Page<Dataset> }> {
    const namespace = await this.namespaceOf(caller);
    if (query.author !== undefined && query.author !== namespace) return { namespace, page: { data: [], next_cursor: null } };
    const { search, tag, limit, cursor } = query;
    return { namespace, page: await this.datasets.list(caller, { sort: 'newest', search, tag, limit, cursor }) };
  }

  /** Another project's or namespace's repository is not found, as the Hub answers for a private one. */
  async repo(caller: Caller, namespace: string, name: string): Promise<Dataset> {
    if ((await this.namespaceOf(caller)) !== namespace) throw repoNotFound();
    try {
      return await this.datasets.get(caller, { name });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'not_found') throw repoNotFound();
      throw error;
    }
  }

  async revision(caller: Caller, namespace: string, name: string, revision: string): Promise<HubRevision> {
    const dataset = await this.repo(caller, namespace, name);
    const version = await this.versionAt(dataset, revision);
    const [splits, made] = await Promise.all([countSplits(this.store, dataset.seq, version), findVersion(this.store, dataset, version)]);
    const planned = plannedFiles(
      splits.map((s) => s.split),
      made?.datapoint_count ?? 0,
    );
    return {
      caller,
      dataset,
      namespace,
      version,
      commit: commitOf(dataset.id, version),
      committedAt: made?.created_at ?? dataset.created_at,
      planned,
      card: cardDataOf(splitNames(planned)),
    };
  }

  async refs(caller: Caller, namespace: string, name: string): Promise<HubRefs> {
    const dataset = await this.repo(caller, namespace, name);
    const tags = await listTags(this.store, dataset.seq, null, REFS_TAGS_MAX);
    return {
      main: commitOf(dataset.id, dataset.head_version),
      tags: tags.map((t) => ({ name: t.name, commit: commitOf(dataset.id, t.version) })),
    };
  }

  /** Every file of the revision, rendered (and kept) if it was not yet. */
  async files(at: HubRevision): Promise<HubFile[]> {
    const kept = new Map((await this.keptInfos(at, at.planned)).map((f) => [f.path, f]));
    const files: HubFile[] = [];
    for (const file of at.planned) files.push(kept.get(file.path) ?? (await this.render(at, file)));
    return files;
  }

  async file(at: HubRevision, path: string): Promise<{ file: HubFile; bytes: Buffer }> {
    const planned = at.planned.find((f) => f.path === path);
    if (!planned) throw entryNotFound();
    const file = (await this.keptInfos(at, [planned]))[0] ?? (await this.render(at, planned));
    const bytes = await renderBytes(this.store, at.dataset.seq, at.version, path);
    if (!bytes) throw new DomainError('internal', `the kept render of ${path} vanished`);
    return { file, bytes };
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

  private async keptInfos(at: HubRevision, files: PlannedFile[]): Promise<HubFile[]> {
    const infos = await renderInfos(
      this.store,
      at.dataset.seq,
      at.version,
      files.map((f) => f.path),
    );
    return infos.map((info) => ({ ...info, lfs: isLfs(info.path) }));
  }

  /** Renders a file and keeps it; when another request kept one first, that one is the file. */
  private async render(at: HubRevision, file: PlannedFile): Promise<HubFile> {
    const bytes = await this.bytesOf(at, file);
    const info: RenderInfo = {
      path: file.path,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      git_oid: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'),
      size: bytes.length,
    };
    await keepRender(this.store, at.dataset.seq, at.version, { ...info, bytes, created_at: isoAt(this.clock) });
    return (await this.keptInfos(at, [file]))[0];
  }

  private async bytesOf(at: HubRevision, file: PlannedFile): Promise<Buffer> {
    if (file.path === CARD_PATH) return Buffer.from(cardText(at.dataset.name, at.dataset.description, at.card));
    const listing = file.split ? { split: file.split } : {};
    const { stream } = await this.exports.export(at.caller, at.dataset.id, { version: at.version }, listing, 'parquet');
    return buffer(stream);
  }
}
