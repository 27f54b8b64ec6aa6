import fs from 'node:fs';
import path from 'node:path';
import type { ColumnType, SourceRecord } from '../model/imports.js';
import { LIMITS } from '../model/limits.js';
import { csvRecords } from '../formats/read-csv.js';
import { jsonlRecords } from '../formats/read-jsonl.js';
import { parquetFileRecords } from '../formats/read-parquet.js';
import { usage } from './client.js';
import { FOLDERS, type FolderKind } from './media-extensions.js';

/** One datapoint to be: its files by attachment name, its split, and the metadata columns that describe it. */
export interface FolderRow {
  files: Record<string, string>;
  /** The first file's path in the folder (`train/0001.png`): the datapoint's external id unless a column gives one. */
  key: string;
  split: string;
  columns: Record<string, unknown>;
}

const METADATA = ['metadata.csv', 'metadata.jsonl', 'metadata.parquet'];

/** The Hub's split keywords (`datasets/data_files.py`), for a top-level folder: `train/`, `valid/`, `test/`… */
const SPLIT_WORDS = {
  train: ['train', 'training'],
  validation: ['validation', 'valid', 'dev', 'val'],
  test: ['test', 'testing', 'eval', 'evaluation'],
};
const SPLITS = new Map(Object.entries(SPLIT_WORDS).flatMap(([split, words]) => words.map((word) => [word, split] as const)));

/** Every file under `dir` (hidden ones left out), as paths relative to it with `/`, in a stable order. */
function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(path.join(dir, at), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const relative = at ? `${at}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile()) found.push(relative);
    }
  };
  walk('');
  return found.sort();
}

/** A file's split (its top-level split folder's, else train) and its path below that folder. */
function placeOf(relative: string): { split: string; parts: string[] } {
  const parts = relative.split('/');
  const split = parts.length > 1 ? SPLITS.get(parts[0].toLowerCase()) : undefined;
  return split ? { split, parts: parts.slice(1) } : { split: 'train', parts };
}
const extensionOf = (file: string) => path.extname(file).toLowerCase();

/** Which kind of media folder `dir` is, when its files say so unambiguously. */
export function folderKindOf(dir: string): FolderKind | undefined {
  const files = filesUnder(dir);
  if (files.some((f) => f.endsWith('.parquet') && !METADATA.includes(path.basename(f)))) return undefined;
  const kinds = (Object.keys(FOLDERS) as FolderKind[]).filter((kind) => {
    const media = files.filter((f) => FOLDERS[kind].extensions.has(extensionOf(f)));
    // A file both builders take (.mpg, .mp4) does not make a folder of its kind on its own.
    return media.some((f) => !Object.values(FOLDERS).every((other) => other.extensions.has(extensionOf(f))));
  });
  if (kinds.length > 1) throw usage(`${dir} holds both images and audio: say which with --format imagefolder or --format audiofolder`);
  return kinds[0];
}

/** A metadata file's rows, read with datashelf's own readers; a CSV's cells are text unless `--type` says. */
function metadataRows(file: string, types: Record<string, ColumnType>): AsyncGenerator<SourceRecord> {
  const stream = () => fs.createReadStream(file);
  const limits = { maxBytes: Number.MAX_SAFE_INTEGER, maxLineBytes: LIMITS.importLineBytes, maxItems: Number.MAX_SAFE_INTEGER };
  if (file.endsWith('.csv'))
    return csvRecords(
      stream(),
      { maxBytes: limits.maxBytes, maxRecordChars: LIMITS.importLineBytes, maxColumns: LIMITS.importColumnsMax },
      types,
    );
  if (file.endsWith('.jsonl')) return jsonlRecords(stream(), limits);
  return parquetFileRecords(file, LIMITS.importColumnsMax);
}

/** `file_name` → the kind's name (`image`), `mask_file_name` → `mask`; lists (`file_names`, `frames_file_names`) likewise, plural. */
function attachmentName(column: string, base: string): { name: string; list: boolean } | undefined {
  const one = /^(?:(.+)_)?file_name$/.exec(column);
  if (one) return { name: one[1] ?? base, list: false };
  const many = /^(?:(.+)_)?file_names$/.exec(column);
  return many ? { name: many[1] ?? `${base}s`, list: true } : undefined;
}

/**
 * A metadata row as a FolderRow: each file column's paths (relative to the metadata file,
 * never outside it, as the Hub requires) checked to exist; a list's files named `frames.0`,
 * `frames.1`…
 */
function rowOf(root: string, metadataDir: string, where: string, value: Record<string, unknown>, base: string): FolderRow {
  const files: Record<string, string> = {};
  const columns: Record<string, unknown> = {};
  const resolved = (name: string, given: unknown) => {
    if (typeof given !== 'string' || given === '' || given.includes('://') || path.isAbsolute(given))
      throw usage(`${where}: ${name} must name a file by its path from the metadata file's folder, not ${JSON.stringify(given)}`);
    const relative = path.posix.normalize(path.posix.join(metadataDir, given.replaceAll('\\', '/')));
    if (relative === '..' || relative.startsWith('../') || !(metadataDir === '' || relative.startsWith(`${metadataDir}/`)))
      throw usage(`${where}: ${given} is outside the metadata file's folder`);
    if (!fs.statSync(path.join(root, relative), { throwIfNoEntry: false })?.isFile()) throw usage(`${where}: no file ${relative}`);
    return relative;
  };
  for (const [column, cell] of Object.entries(value)) {
    if (column === 'attachments') throw usage(`${where}: a column is named "attachments", which the files fill; rename it`);
    const named = attachmentName(column, base);
    if (!named) columns[column] = cell;
    else if (cell === null) continue;
    else if (!named.list) files[named.name] = resolved(column, cell);
    else if (!Array.isArray(cell)) throw usage(`${where}: ${column} must be a list of file names`);
    else cell.forEach((one, i) => (files[`${named.name}.${i}`] = resolved(column, one)));
  }
  const key = Object.values(files)[0];
  if (key === undefined) throw usage(`${where}: no file_name (or *_file_name, file_names) names a file`);
  return { files, key, split: placeOf(key).split, columns };
}

async function rowsFromMetadata(root: string, metadata: string[], kind: FolderKind, types: Record<string, ColumnType>) {
  const extensions = new Set(metadata.map(extensionOf));
  if (extensions.size > 1) throw usage(`${root} mixes metadata files of different formats (${[...extensions].join(', ')}): keep one`);
  const rows: FolderRow[] = [];
  for (const file of metadata) {
    const dir = path.posix.dirname(file) === '.' ? '' : path.posix.dirname(file);
    try {
      for await (const { at, value } of metadataRows(path.join(root, file), types))
        rows.push(rowOf(root, dir, `${file}, ${at}`, value, FOLDERS[kind].name));
    } catch (error) {
      throw usage((error as Error).message.startsWith(file) ? (error as Error).message : `${file}: ${(error as Error).message}`);
    }
  }
  return rows;
}

/**
 * Without metadata, a row per file; files in class folders (`train/dog/1.png`) are
 * labelled by the folder's name when every file sits at the same depth and there are
 * several such names, as the Hub's builders do.
 */
function rowsFromFiles(media: string[], kind: FolderKind): FolderRow[] {
  const places = media.map(placeOf);
  const labels = new Set(places.filter((p) => p.parts.length > 1).map((p) => p.parts.at(-2)));
  const labelled = labels.size > 1 && new Set(places.map((p) => p.parts.length)).size === 1;
  return media.map((file, i) => ({
    files: { [FOLDERS[kind].name]: file },
    key: file,
    split: places[i].split,
    columns: labelled ? { label: places[i].parts.at(-2) } : {},
  }));
}

/**
 * The rows of a folder in the Hub's `imagefolder` / `audiofolder` layout: with
 * `metadata.csv`, `metadata.jsonl` or `metadata.parquet` files, a row per metadata row
 * (files no row names are left out); without, a row per file of the kind. Paths are
 * relative to `root`, with `/`.
 */
export async function readMediaFolder(root: string, kind: FolderKind, types: Record<string, ColumnType> = {}): Promise<FolderRow[]> {
  const files = filesUnder(root);
  const metadata = files.filter((f) => METADATA.includes(path.posix.basename(f)));
  const rows = metadata.length
    ? await rowsFromMetadata(root, metadata, kind, types)
    : rowsFromFiles(
        files.filter((f) => FOLDERS[kind].extensions.has(extensionOf(f))),
        kind,
      );
  if (rows.length === 0) throw usage(`${root} holds no ${FOLDERS[kind].name} files (${kind})`);
  return rows;
}
