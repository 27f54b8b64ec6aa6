import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Store } from '../../store/store.js';
import { countSplits } from '../../store/datapoints.js';
import type { Dataset } from '../../model/datasets.js';
import type { Caller } from '../caller.js';
import type { AttachmentService } from '../attachments.js';
import type { DatasetService } from '../datasets.js';
import { badRequest, DomainError, forbidden } from '../errors.js';
import type { ImportService } from '../imports/service.js';
import { MAIN_NAMES, commitOf, entryNotFound, revisionNotFound } from './commits.js';
import { dataFileOf, inShardOrder, type DataFile } from './data-files.js';
import { DEFAULT_SPLIT } from './layout.js';
import { pushedTables, type PushedBytes } from './pushed-schema.js';
import type { HubService } from './service.js';

/** A file a commit adds or replaces: its bytes inline, or a Git LFS object uploaded before (by its SHA-256). */
export type PushedFile = { path: string; content: Buffer } | { path: string; oid: string };

export interface HubCommit {
  /** The commit the client based its change on: when it is not the head any more, the commit is refused (412). */
  parentCommit?: string;
  summary?: string;
  files: PushedFile[];
  /** Paths deleted (`deletedFile`), and folders deleted with everything in them (`deletedFolder`, ending in `/`). */
  deleted: string[];
}

/** Files clients push beside the data that datashelf renders itself (the card) or has no use for. */
const RENDERED = new Set(['README.md', '.gitattributes']);

/** A data file of the commit with where its bytes are. */
type Sourced = PushedBytes;

/**
 * Writes through the Hub surface: repositories are created as datasets, and a commit of
 * data files (JSONL or Parquet, in the Hub's layout) is one new version: the splits it
 * names hold exactly the rows of their files, in shard order (a split whose data file
 * is deleted holds none), and the splits it does not name are kept as they were, as the
 * Hub keeps the files a commit does not name. The rows go through the import pipeline.
 */
export class HubPush {
  constructor(
    private readonly store: Store,
    private readonly hub: HubService,
    private readonly datasets: DatasetService,
    private readonly imports: ImportService,
    private readonly attachments: AttachmentService,
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
    const files = inShardOrder(commit.files.filter((f) => !RENDERED.has(f.path)).map(dataFileIn));
    const headSplits = (await countSplits(this.store, dataset.seq, head)).map((s) => s.split);
    const deleted = deletedSplits(commit.deleted, headSplits);
    if (files.length === 0 && deleted.length === 0) return commitOf(dataset.id, head);
    const sourced = await this.sourced(caller, files, commit.files);
    const named = [...new Set([...files.map((f) => f.split), ...deleted])];
    const tables = await pushedTables(sourced, named);
    const result = await this.imports.import(caller, dataset.id, concatenated(sourced), {
      format: sourced[0]?.format ?? 'jsonl',
      mode: 'replace',
      parts: sourced.map((f, i) => ({ format: f.format, split: f.split, bytes: f.bytes, as_input: tables.asInput[i] })),
      split_schemas: tables.schemas,
      // A head without splits shows its datapoints as the default split: naming that one replaces them all.
      replace_splits: headSplits.length === 0 && named.includes(DEFAULT_SPLIT) ? undefined : named,
      base_version: head,
      message: commit.summary?.slice(0, 1000) || `Upload ${files.map((f) => f.path).join(', ') || 'deletions'}`.slice(0, 1000),
    });
    return commitOf(dataset.id, result.version);
  }

  /** Where each data file's bytes are: inline, or the LFS object the project holds. */
  private async sourced(caller: Caller, files: DataFile[], pushed: PushedFile[]): Promise<Sourced[]> {
    const byPath = new Map(pushed.map((f) => [f.path, f]));
    const sourced: Sourced[] = [];
    for (const file of files) {
      const from = byPath.get(file.path)!;
      if ('content' in from) {
        const range = async (start: number, end: number) => from.content.subarray(start, end);
        sourced.push({ ...file, bytes: from.content.length, open: async () => Readable.from([from.content]), range });
        continue;
      }
      const object = await this.attachments.get(caller, `sha256:${from.oid}`).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'not_found')
          throw badRequest(`${file.path}: the LFS object ${from.oid} was not uploaded (send it through the LFS batch API first)`);
        throw error;
      });
      const range = async (start: number, end: number) => buffer(await this.attachments.read(object, { start, end: end - 1 }));
      sourced.push({ ...file, bytes: object.size, open: () => this.attachments.read(object), range });
    }
    return sourced;
  }
}

function dataFileIn(file: PushedFile): DataFile {
  const data = dataFileOf(file.path);
  if (!data) {
    throw badRequest(
      `${file.path}: only data files (data/{split}.jsonl, data/{split}-0000i-of-0000n.parquet), README.md and .gitattributes can be committed; other files are not served yet`,
    );
  }
  return data;
}

/** The splits whose data files the commit deletes; deleting a file the head does not show is 404, as on the Hub. */
function deletedSplits(paths: string[], headSplits: string[]): string[] {
  const shown = headSplits.length === 0 ? [DEFAULT_SPLIT] : headSplits;
  const splits = new Set<string>();
  for (const path of paths) {
    if (RENDERED.has(path)) continue;
    if (path === 'data/') {
      shown.forEach((s) => splits.add(s));
      continue;
    }
    const data = dataFileOf(path);
    if (!data) throw badRequest(`${path}: only data files (and the data/ folder) can be deleted`);
    if (!shown.includes(data.split)) throw entryNotFound();
    splits.add(data.split);
  }
  return [...splits];
}

/** The files' bytes one after another, as the import reads a commit of several. */
async function* concatenated(files: Sourced[]): AsyncIterable<Buffer> {
  for (const file of files) yield* await file.open();
}
