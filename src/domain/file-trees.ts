import type { Queryable, Store } from '../store/store.js';
import * as files from '../store/files.js';
import { attachmentId } from '../model/attachments.js';
import { sameFile, type FileChange, type FileEntry, type FileRecord } from '../model/files.js';
import type { AttachmentLinks } from './attachment-links.js';
import type { Caller } from './caller.js';
import type { Page } from './cursor.js';
import type { DatasetService, ReadableDataset as Dataset } from './datasets.js';
import { notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { chosenVersion } from './versions/select.js';

export interface FileListing extends PageRequest {
  version?: number | string;
  prefix?: string;
}

/** Files of the whole tree read at a time (the Hub lists a revision whole). */
const TREE_BATCH = 5000;

/**
 * Reads a version's file tree: pages in path order, one file, the whole tree, and what
 * changed between two versions. Files are changed only by commits (versions/tree.ts).
 */
export class FileTrees {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly links: AttachmentLinks,
  ) {}

  async list(caller: Caller, datasetId: string, listing: FileListing): Promise<Page<FileEntry> & { version: number }> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const version = await chosenVersion(this.store, dataset, { version: listing.version });
    const after = cursorKey<[number, string]>('files', listing.cursor, ['version', 'string']);
    const range = { ...prefixRange(listing.prefix ?? ''), after: after?.[1], limit: listing.limit + 1 };
    const rows = await files.filesAt(this.store, dataset.seq, version, range);
    const page = pageOf(
      rows,
      listing.limit,
      'files',
      (f) => [version, f.path],
      (f) => this.entryOf(dataset, f),
    );
    return { ...page, version };
  }

  async get(caller: Caller, datasetId: string, path: string, version?: number | string): Promise<FileEntry> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const [found] = await files.filesAtPaths(this.store, dataset.seq, await chosenVersion(this.store, dataset, { version }), [path]);
    if (!found) throw notFound(`file ${path.slice(0, 200)}`);
    return this.entryOf(dataset, found);
  }

  /** Every file of a version of a dataset the caller has already been given, in path order. */
  async tree(dataset: { seq: number }, version: number): Promise<FileRecord[]> {
    const all: FileRecord[] = [];
    for (let after: string | undefined; ;) {
      const rows = await files.filesAt(this.store, dataset.seq, version, { after, limit: TREE_BATCH });
      all.push(...rows.map(withoutSince));
      if (rows.length < TREE_BATCH) return all;
      after = rows[rows.length - 1].path;
    }
  }

  /** The file at `path` in a version of a dataset the caller has already been given. */
  async file(dataset: { seq: number }, version: number, path: string): Promise<FileRecord | undefined> {
    const [found] = await files.filesAtPaths(this.store, dataset.seq, version, [path]);
    return found && withoutSince(found);
  }

  /** Which of the paths are files of a version. */
  async held(dataset: { seq: number }, version: number, paths: string[]): Promise<Set<string>> {
    return new Set((await files.filesAtPaths(this.store, dataset.seq, version, paths)).map((f) => f.path));
  }

  /** The paths of a version's files under a folder (`meta/`), in path order, at most `limit` of them. */
  async under(dataset: { seq: number }, version: number, folder: string, limit: number): Promise<string[]> {
    return (await files.filesAt(this.store, dataset.seq, version, { ...prefixRange(folder), limit })).map((f) => f.path);
  }

  /** Whether a version's tree has a `README.md`, and any file under `data/`: what the Hub layout lets it replace. */
  async holdsCardOrData(dataset: { seq: number }, version: number): Promise<{ card: boolean; data: boolean }> {
    const [card, data] = await Promise.all([
      files.filesAtPaths(this.store, dataset.seq, version, ['README.md']),
      files.filesAt(this.store, dataset.seq, version, { ...prefixRange('data/'), limit: 1 }),
    ]);
    return { card: card.length > 0, data: data.length > 0 };
  }

  entryOf(dataset: Dataset, file: FileRecord): FileEntry {
    return fileEntry(this.links, dataset, file);
  }
}

const withoutSince = ({ since: _since, ...record }: files.FileRow): FileRecord => record;

/** A file as the API shows it: what attachment it is, and a signed link to its bytes, served as the file's media type. */
export function fileEntry(links: Pick<AttachmentLinks, 'urlOf'>, dataset: Dataset, file: FileRecord): FileEntry {
  const { path, sha256, size, mime_type } = file;
  return {
    path,
    attachment_id: attachmentId(sha256),
    sha256,
    size,
    mime_type,
    url: links.urlOf(dataset.project_id, sha256, { type: mime_type }),
  };
}

/**
 * The files that differ between versions `from` and `to`, in path order after
 * `afterPath`: at most `limit` paths are looked at (a page may hold fewer changes);
 * `more` says whether paths remain.
 */
export async function fileChangesBetween(
  q: Queryable,
  links: Pick<AttachmentLinks, 'urlOf'>,
  dataset: Dataset,
  [from, to]: [number, number],
  afterPath: string,
  limit: number,
): Promise<{ changes: FileChange[]; last: string | null; more: boolean }> {
  const paths = await files.filesTouchedBetween(q, dataset.seq, Math.min(from, to), Math.max(from, to), afterPath, limit + 1);
  const shown = paths.slice(0, limit);
  const [before, later] = await Promise.all([
    files.filesAtPaths(q, dataset.seq, from, shown),
    files.filesAtPaths(q, dataset.seq, to, shown),
  ]);
  const beforeByPath = new Map(before.map((f) => [f.path, f]));
  const laterByPath = new Map(later.map((f) => [f.path, f]));
  const entry = (f: FileRecord | undefined) => (f ? fileEntry(links, dataset, f) : null);
  const changes: FileChange[] = [];
  for (const path of shown) {
    const [b, a] = [beforeByPath.get(path), laterByPath.get(path)];
    // The same row, or a restore's copy of the same file: no change.
    if (sameFile(b, a) || (!b && !a)) continue;
    changes.push({ change: !b ? 'added' : !a ? 'removed' : 'changed', path, before: entry(b), after: entry(a) });
  }
  return { changes, last: shown[shown.length - 1] ?? null, more: paths.length > limit };
}

/**
 * The range of paths that start with `prefix`: from it to the prefix with its last
 * character one higher (paths compare by code point on both stores).
 */
function prefixRange(prefix: string): { from?: string; below?: string } {
  if (prefix === '') return {};
  const chars = [...prefix];
  const next = chars.pop()!.codePointAt(0)! + 1;
  if (next > 0x10ffff) return { from: prefix };
  // Past the surrogates, which no string of code points holds.
  return { from: prefix, below: chars.join('') + String.fromCodePoint(next >= 0xd800 && next < 0xe000 ? 0xe000 : next) };
}
