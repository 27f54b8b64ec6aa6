import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { mediaTypeOfPath } from '../../formats/file-types.js';
import type { Attachment } from '../../model/attachments.js';
import type { Dataset } from '../../model/datasets.js';
import type { FileChanges } from '../../model/files.js';
import { LIMITS } from '../../model/limits.js';
import { projectOf, type Caller } from '../caller.js';
import type { AttachmentService } from '../attachments.js';
import type { DatasetService } from '../datasets.js';
import { badRequest, DomainError, forbidden } from '../errors.js';
import type { FileTrees } from '../file-trees.js';
import type { ImportService } from '../imports/service.js';
import type { VersionService } from '../versions/service.js';
import { planOf, type CommitPlan, type HubCommit, type PushedFile } from './commit-plan.js';
import { MAIN_NAMES, commitOf, revisionNotFound } from './commits.js';
import { DEFAULT_SPLIT } from './layout.js';
import { pushedTables, type PushedBytes } from './pushed-schema.js';
import type { HubService } from './service.js';

export type { HubCommit, PushedFile } from './commit-plan.js';

/** A data file of the commit with where its bytes are. */
type Sourced = PushedBytes;

/** What pushing through the Hub surface makes its changes with. */
export interface HubPushParts {
  hub: HubService;
  datasets: DatasetService;
  imports: ImportService;
  versions: VersionService;
  trees: FileTrees;
  attachments: AttachmentService;
}

/**
 * Writes through the Hub surface: repositories are created as datasets, and a commit is
 * one new version (see planOf for how its files are read). The splits its data files
 * (JSONL or Parquet, in the Hub's layout) name hold exactly the rows of those files, in
 * shard order (a split whose data file is deleted holds none); its other files are the
 * version's own, kept as they are; and what it does not name stays as it was, as the Hub
 * keeps the files a commit does not name. Rows go through the import pipeline.
 */
export class HubPush {
  constructor(private readonly parts: HubPushParts) {}

  /** A dataset repository in the caller's own namespace; a taken name is 409, as on the Hub. */
  async createRepo(caller: Caller, namespace: string, name: string): Promise<Dataset> {
    if ((await this.parts.hub.namespaceOf(caller)) !== namespace)
      throw forbidden(`You don't have the rights to create a dataset under the namespace "${namespace}"`);
    return this.parts.datasets.create(caller, { name });
  }

  /** Makes the commit's version; answers the commit id of the head afterwards. */
  async commit(caller: Caller, namespace: string, name: string, branch: string, commit: HubCommit): Promise<string> {
    const dataset = await this.parts.hub.repo(caller, namespace, name);
    if (!MAIN_NAMES.has(branch)) throw revisionNotFound(branch);
    const head = dataset.head_version;
    if (commit.parentCommit !== undefined && commit.parentCommit !== commitOf(dataset.id, head)) {
      throw new DomainError('version_conflict', 'A commit has happened since. Please refresh and try again.');
    }
    const headSplits = (await this.parts.hub.splitsOf(dataset, head)).map((s) => s.split);
    const plan = await planOf(this.parts.trees, dataset, head, commit, headSplits);
    const files = await this.fileChanges(caller, plan);
    const message = commit.summary?.slice(0, 1000) || `Upload ${commit.files.map((f) => f.path).join(', ') || 'deletions'}`.slice(0, 1000);
    if (plan.data.length === 0 && plan.deletedSplits.length === 0) {
      if (!files) return commitOf(dataset.id, head);
      const made = await this.parts.versions.commit(caller, dataset.id, { files, base_version: head, message }, LIMITS.batchMax);
      return commitOf(dataset.id, made.version);
    }
    const sourced = await this.sourced(caller, plan.data, commit.files);
    const named = [...new Set([...plan.data.map((f) => f.split), ...plan.deletedSplits])];
    const tables = await pushedTables(sourced, named);
    const result = await this.parts.imports.import(caller, dataset.id, concatenated(sourced), {
      format: sourced[0]?.format ?? 'jsonl',
      mode: 'replace',
      parts: sourced.map((f, i) => ({ format: f.format, split: f.split, bytes: f.bytes, as_input: tables.asInput[i] })),
      split_schemas: tables.schemas,
      // A head without splits shows its datapoints as the default split: naming that one replaces them all.
      replace_splits: headSplits.length === 0 && named.includes(DEFAULT_SPLIT) ? undefined : named,
      files,
      base_version: head,
      message,
    });
    return commitOf(dataset.id, result.version);
  }

  /** What the commit does to the version's tree: each file put as an attachment of the project, served as its path says. */
  private async fileChanges(caller: Caller, plan: CommitPlan): Promise<FileChanges | undefined> {
    if (plan.put.length === 0 && plan.deletedFiles.length === 0) return undefined;
    const put = [];
    for (const file of plan.put) {
      const mime_type = mediaTypeOfPath(file.path);
      const attachment_id =
        'content' in file
          ? await this.parts.attachments.keep(projectOf(caller), {
              bytes: file.content,
              mimeType: mime_type,
              filename: posix.basename(file.path),
            })
          : (await this.lfsObject(caller, file.path, file.oid)).id;
      put.push({ path: file.path, attachment_id, mime_type });
    }
    return { put, delete: plan.deletedFiles };
  }

  /** Where each data file's bytes are: inline, or the LFS object the project holds. */
  private async sourced(caller: Caller, files: CommitPlan['data'], pushed: PushedFile[]): Promise<Sourced[]> {
    const byPath = new Map(pushed.map((f) => [f.path, f]));
    const sourced: Sourced[] = [];
    for (const file of files) {
      const from = byPath.get(file.path)!;
      if ('content' in from) {
        const range = async (start: number, end: number) => from.content.subarray(start, end);
        sourced.push({ ...file, bytes: from.content.length, open: async () => Readable.from([from.content]), range });
        continue;
      }
      const object = await this.lfsObject(caller, file.path, from.oid);
      const range = async (start: number, end: number) => buffer(await this.parts.attachments.read(object, { start, end: end - 1 }));
      sourced.push({ ...file, bytes: object.size, open: () => this.parts.attachments.read(object), range });
    }
    return sourced;
  }

  /** The LFS object a file of the commit names: an attachment the project uploaded (400 when it did not). */
  private lfsObject(caller: Caller, path: string, oid: string): Promise<Attachment> {
    return this.parts.attachments.get(caller, `sha256:${oid}`).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'not_found')
        throw badRequest(`${path}: the LFS object ${oid} was not uploaded (send it through the LFS batch API first)`);
      throw error;
    });
  }
}

/** The files' bytes one after another, as the import reads a commit of several. */
async function* concatenated(files: Sourced[]): AsyncIterable<Buffer> {
  for (const file of files) yield* await file.open();
}
