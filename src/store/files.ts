import type { Selectable } from 'kysely';
import type { FileRecord } from '../model/files.js';
import { LIVE } from './datapoint-rows.js';
import type { DatasetFileTable } from './schema.js';
import { chunks } from './versions.js';
import type { Queryable, Tx } from './store.js';

/** A file as one version shows it, with the version its row began at (two sides with the same start are the same row). */
export interface FileRow extends FileRecord {
  since: number;
}

const toRow = (row: Pick<Selectable<DatasetFileTable>, 'path' | 'sha256' | 'size' | 'mime_type' | 'valid_from'>): FileRow => ({
  path: row.path,
  sha256: row.sha256,
  size: Number(row.size),
  mime_type: row.mime_type,
  since: row.valid_from,
});

const COLUMNS = ['path', 'sha256', 'size', 'mime_type', 'valid_from'] as const;

/** The rows of the dataset's files visible at `version`. */
const visible = (q: Queryable, datasetSeq: number, version: number) =>
  q.db
    .selectFrom('dataset_files')
    .select(COLUMNS)
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_from', '<=', version)
    .where('valid_to', '>', version);

export interface FileRange {
  /** Paths at or after this and before `below` (a prefix's range); after `after` (a page's last path). */
  from?: string;
  below?: string;
  after?: string;
  limit: number;
}

/** The files of a version in path order, within a range of paths. */
export async function filesAt(q: Queryable, datasetSeq: number, version: number, range: FileRange): Promise<FileRow[]> {
  let query = visible(q, datasetSeq, version).orderBy('path').limit(range.limit);
  if (range.from !== undefined) query = query.where('path', '>=', range.from);
  if (range.below !== undefined) query = query.where('path', '<', range.below);
  if (range.after !== undefined) query = query.where('path', '>', range.after);
  return (await query.execute()).map(toRow);
}

/** These paths' files at `version` (those that exist then). */
export async function filesAtPaths(q: Queryable, datasetSeq: number, version: number, paths: string[]): Promise<FileRow[]> {
  const found: FileRow[] = [];
  for (const chunk of chunks(paths)) found.push(...(await visible(q, datasetSeq, version).where('path', 'in', chunk).execute()).map(toRow));
  return found;
}

/** Ends these paths' live files at `version`; returns the paths that had one. */
export async function closeLiveFiles(tx: Tx, datasetSeq: number, version: number, paths: string[]): Promise<string[]> {
  const closed: string[] = [];
  for (const chunk of chunks(paths)) {
    const rows = await tx.db
      .updateTable('dataset_files')
      .set({ valid_to: version })
      .where('dataset_seq', '=', datasetSeq)
      .where('valid_to', '=', LIVE)
      .where('path', 'in', chunk)
      .returning('path')
      .execute();
    closed.push(...rows.map((r) => r.path));
  }
  return closed;
}

/** Writes files visible from `version` on. */
export async function writeFiles(tx: Tx, datasetSeq: number, version: number, files: FileRecord[]): Promise<void> {
  for (const chunk of chunks(files, 100)) {
    await tx.db
      .insertInto('dataset_files')
      .values(chunk.map((f) => ({ dataset_seq: datasetSeq, ...f, valid_from: version, valid_to: LIVE })))
      .execute();
  }
}

export async function countLiveFiles(q: Queryable, datasetSeq: number): Promise<number> {
  const row = await q.db
    .selectFrom('dataset_files')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('dataset_seq', '=', datasetSeq)
    .where('valid_to', '=', LIVE)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Live paths that are the folder of a file among `paths`, or a file inside a folder
 * among them: a tree cannot hold `a` as a file and as a folder at once.
 */
export async function clashingPaths(q: Queryable, datasetSeq: number, paths: string[]): Promise<string[]> {
  const folders = [
    ...new Set(
      paths.flatMap((p) =>
        p
          .split('/')
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
      ),
    ),
  ];
  const clashes: string[] = [];
  for (const chunk of chunks(folders)) {
    const rows = await q.db
      .selectFrom('dataset_files')
      .select('path')
      .where('dataset_seq', '=', datasetSeq)
      .where('valid_to', '=', LIVE)
      .where('path', 'in', chunk)
      .execute();
    clashes.push(...rows.map((r) => r.path));
  }
  // `0` follows `/`: the paths inside folder `p` are the range (p/, p0).
  for (const chunk of chunks(paths, 200)) {
    const rows = await q.db
      .selectFrom('dataset_files')
      .select('path')
      .where('dataset_seq', '=', datasetSeq)
      .where('valid_to', '=', LIVE)
      .where((eb) => eb.or(chunk.map((p) => eb.and([eb('path', '>', `${p}/`), eb('path', '<', `${p}0`)]))))
      .limit(1)
      .execute();
    clashes.push(...rows.map((r) => r.path));
  }
  return clashes;
}

/** The paths whose files began or ended after version `from` and by `to`, in path order, after `afterPath`. */
export async function filesTouchedBetween(
  q: Queryable,
  datasetSeq: number,
  from: number,
  to: number,
  afterPath: string,
  limit: number,
): Promise<string[]> {
  const between = (column: 'valid_from' | 'valid_to') =>
    q.db
      .selectFrom('dataset_files')
      .select('path')
      .where('dataset_seq', '=', datasetSeq)
      .where(column, '>', from)
      .where(column, '<=', to)
      .where('path', '>', afterPath);
  const rows = await q.db
    .selectFrom(between('valid_from').union(between('valid_to')).as('touched'))
    .select('path')
    .orderBy('path')
    .limit(limit)
    .execute();
  return rows.map((r) => r.path);
}
