import type { Dataset } from '../../model/datasets.js';
import { LIMITS } from '../../model/limits.js';
import type { FileTrees } from '../file-trees.js';
import { entryNotFound } from './commits.js';
import { dataFileOf, inShardOrder, type DataFile } from './data-files.js';
import { DEFAULT_SPLIT } from './layout.js';

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

/** What a commit does: the rows of the splits its data files fill or empty, and what it does to the version's own files. */
export interface CommitPlan {
  /** Data files, split by split, each split's shards in order. */
  data: DataFile[];
  deletedSplits: string[];
  /** Files kept as they are, in the version's tree. */
  put: PushedFile[];
  deletedFiles: string[];
}

/** Files clients push beside the data that datashelf renders itself (the card) or has no use for. */
const RENDERED = new Set(['README.md', '.gitattributes']);

/**
 * Reads a commit against the head it is made on. A file at a data file's path
 * (`data/{split}.jsonl`, `data/{split}-0000i-of-0000n.parquet`) is rows of that split,
 * unless the head's tree holds a file there (then it is that file's next bytes); every
 * other file is kept as it is. A path deleted is the tree's file there, else the data of
 * a split the head shows; a folder deleted is every file under it (`data/`: every split
 * too); a file put there is kept. Deleting what is not there is 404, as on the Hub.
 */
export async function planOf(
  trees: FileTrees,
  dataset: Dataset,
  head: number,
  commit: HubCommit,
  headSplits: string[],
): Promise<CommitPlan> {
  const pushed = commit.files.filter((f) => !RENDERED.has(f.path));
  const deleted = commit.deleted.filter((p) => !RENDERED.has(p));
  const held = await trees.held(dataset, head, [...pushed.map((f) => f.path), ...deleted.filter((p) => !p.endsWith('/'))]);
  const isData = (path: string) => !held.has(path) && dataFileOf(path) !== null;
  const plan: CommitPlan = {
    data: inShardOrder(pushed.flatMap((f) => (isData(f.path) ? [dataFileOf(f.path)!] : []))),
    deletedSplits: [],
    put: pushed.filter((f) => !isData(f.path)),
    deletedFiles: [],
  };
  const shown = headSplits.length === 0 ? [DEFAULT_SPLIT] : headSplits;
  const splits = new Set<string>();
  for (const path of deleted) {
    if (path.endsWith('/')) {
      const files = await trees.under(dataset, head, path, LIMITS.fileChangesMax + 1);
      if (path === 'data/') shown.forEach((s) => splits.add(s));
      else if (files.length === 0) throw entryNotFound();
      plan.deletedFiles.push(...files);
    } else if (held.has(path)) {
      plan.deletedFiles.push(path);
    } else {
      const split = dataFileOf(path)?.split;
      if (split === undefined || !shown.includes(split)) throw entryNotFound();
      splits.add(split);
    }
  }
  plan.deletedSplits = [...splits];
  // A file put where a folder is deleted is that folder's new file.
  const put = new Set(plan.put.map((f) => f.path));
  plan.deletedFiles = [...new Set(plan.deletedFiles)].filter((p) => !put.has(p));
  return plan;
}
