import { Readable } from 'node:stream';
import type { Store } from '../../store/store.js';
import { countSplits } from '../../store/datapoints.js';
import type { Dataset } from '../../model/datasets.js';
import type { ImportFormat } from '../../model/imports.js';
import type { Caller } from '../caller.js';
import type { DatasetService } from '../datasets.js';
import { badRequest, DomainError, forbidden } from '../errors.js';
import type { ImportService } from '../imports/service.js';
import { MAIN_NAMES, commitOf, revisionNotFound } from './commits.js';
import type { HubService } from './service.js';

/** A file a commit adds or replaces, with its bytes. */
export interface PushedFile {
  path: string;
  content: Buffer;
}

export interface HubCommit {
  /** The commit the client based its change on: when it is not the head any more, the commit is refused (412). */
  parentCommit?: string;
  summary?: string;
  files: PushedFile[];
  deleted: string[];
}

/** `data/{split}.jsonl`, `data/{split}-00000-of-00001.parquet`: a split's data in the Hub's layout. */
const DATA_FILE = /^data\/([A-Za-z0-9][A-Za-z0-9_.]*?)(?:-\d{5}-of-\d{5})?\.(jsonl|parquet)$/;
/** Files clients push beside the data that datashelf renders itself (the card) or has no use for. */
const RENDERED = new Set(['README.md', '.gitattributes']);

/**
 * Writes through the Hub surface: repositories are created as datasets, and a commit of
 * a split's data file (JSONL or Parquet) is one new version whose datapoints are that
 * file's rows, in that split, made by the import pipeline like any other file import.
 */
export class HubPush {
  constructor(
    private readonly store: Store,
    private readonly hub: HubService,
    private readonly datasets: DatasetService,
    private readonly imports: ImportService,
  ) {}

  /** A dataset repository in the caller's own namespace; a taken name is 409, as on the Hub. */
  async createRepo(caller: Caller, namespace: string, name: string): Promise<Dataset> {
    if ((await this.hub.namespaceOf(caller)) !== namespace)
      throw forbidden(`You don't have the rights to create a dataset under the namespace "${namespace}"`);
    return this.datasets.create(caller, { name });
  }

  /** Makes the commit's version; answers the commit id of the head afterwards. */
  async commit(caller: Caller, namespace: string, name: string, branch: string, commit: HubCommit): Promise<string> {
    const dataset = await this.hub.repo(caller, namespace, name);
    if (!MAIN_NAMES.has(branch)) throw revisionNotFound(branch);
    const head = dataset.head_version;
    if (commit.parentCommit !== undefined && commit.parentCommit !== commitOf(dataset.id, head)) {
      throw new DomainError('version_conflict', 'A commit has happened since. Please refresh and try again.');
    }
    if (commit.deleted.length) throw badRequest("deleting files is not served yet: commit a split's data file to replace it");
    const data = commit.files.filter((f) => !RENDERED.has(f.path));
    if (data.length === 0) return commitOf(dataset.id, head);
    if (data.length > 1) throw badRequest('commit one data file at a time (data/{split}-00000-of-00001.parquet or data/{split}.jsonl)');
    const [file] = data;
    const match = DATA_FILE.exec(file.path);
    if (!match)
      throw badRequest(`only data/{split}-00000-of-00001.parquet or data/{split}.jsonl files can be committed yet, not ${file.path}`);
    const [, split, extension] = match;
    await this.checkOnlySplit(dataset, split);
    const result = await this.imports.import(caller, dataset.id, Readable.from([file.content]), {
      format: extension as ImportFormat,
      mode: 'replace',
      split,
      base_version: head,
      message: commit.summary?.slice(0, 1000) || `Upload ${file.path}`,
    });
    return commitOf(dataset.id, result.version);
  }

  /** A file replaces the whole dataset, so the head may hold no other split that the commit would drop. */
  private async checkOnlySplit(dataset: Dataset, split: string): Promise<void> {
    const others = (await countSplits(this.store, dataset.seq, dataset.head_version)).map((s) => s.split).filter((s) => s !== split);
    if (others.length) {
      throw badRequest(
        `this dataset also holds the split(s) ${others.join(', ')}: a commit replaces the whole dataset, so only a dataset of one split can be pushed yet`,
      );
    }
  }
}
