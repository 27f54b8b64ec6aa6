import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ColumnType } from '../model/imports.js';
import { cliErrorOf, noAnswer, shelfOf, type Target } from './client.js';
import { IdleLimit } from './idle-limit.js';
import { eachInParallel } from './parallel.js';
import { FOLDERS, type FolderKind } from './media-extensions.js';
import { readMediaFolder, type FolderRow } from './media-folder.js';
import { mediaTypeOfPath } from '../formats/file-types.js';
import type { MappingJson } from './mapping-flags.js';
import type { Progress } from './progress.js';
import type { Source } from './import.js';

/** Files uploaded at once: enough to keep a link busy with small images, few enough not to crowd the server. */
const PARALLEL = 4;
const LINES_PER_CHUNK = 500;

/** Uploads each file once (the same bytes answer the same id anyway), a few at a time; each wait is bounded by --timeout. */
async function uploadAll(target: Target, root: string, files: string[], progress: Progress): Promise<Map<string, string>> {
  const total = files.reduce((sum, f) => sum + fs.statSync(path.join(root, f)).size, 0);
  const meter = progress.phase('upload files', 'bytes', total);
  const shelf = shelfOf(target);
  const ids = new Map<string, string>();
  const one = async (file: string) => {
    const limit = new IdleLimit(target.timeoutMs, () => noAnswer(target, `; it was uploading ${file}`));
    let sent = 0;
    try {
      const made = await shelf.uploadAttachment(await fs.openAsBlob(path.join(root, file)), {
        mimeType: mediaTypeOfPath(file),
        filename: path.basename(file),
        signal: limit.signal,
        onProgress: (n) => {
          meter.add(n - sent);
          sent = n;
          limit.progress();
        },
      });
      ids.set(file, made.id);
    } catch (error) {
      throw limit.signal.aborted ? limit.signal.reason : cliErrorOf(error);
    } finally {
      limit.stop();
    }
  };
  try {
    await eachInParallel(files, PARALLEL, one);
  } finally {
    meter.finish();
  }
  return ids;
}

/** A row as a line of the import: its columns, its split, its files as attachments, and its path as external id. */
function lineOf(row: FolderRow, ids: Map<string, string>): string {
  const attachments = Object.fromEntries(Object.entries(row.files).map(([name, file]) => [name, ids.get(file)]));
  return JSON.stringify({ external_id: row.key, splits: [row.split], ...row.columns, attachments }) + '\n';
}

function* chunksOf(rows: FolderRow[], ids: Map<string, string>): Generator<string> {
  for (let at = 0; at < rows.length; at += LINES_PER_CHUNK)
    yield rows
      .slice(at, at + LINES_PER_CHUNK)
      .map((row) => lineOf(row, ids))
      .join('');
}

/**
 * A folder in the Hub's imagefolder / audiofolder layout as an import: its files go up
 * first as attachments, then its rows as JSON lines, one version. Columns named as
 * datapoint fields fill them, --map maps others, the rest go to metadata; a row needs
 * neither input nor expected_output (the file is its content).
 */
export async function folderSource(
  target: Target,
  root: string,
  kind: FolderKind,
  mapping: MappingJson | undefined,
  progress: Progress,
): Promise<Source> {
  const { types, ...sent } = mapping ?? {};
  const rows = await readMediaFolder(root, kind, types as Record<string, ColumnType> | undefined);
  const files = [...new Set(rows.flatMap((row) => Object.values(row.files)))];
  const ids = await uploadAll(target, root, files, progress);
  const meter = progress.phase(`import ${FOLDERS[kind].name} rows`, 'rows', rows.length);
  const lines = (chunk: Buffer) => chunk.reduce((n, byte) => n + (byte === 10 ? 1 : 0), 0);
  return {
    stream: Readable.from(chunksOf(rows, ids)),
    format: 'jsonl',
    meter,
    mapping: { rest: 'metadata', metadata_only: true, ...sent },
    measure: lines,
  };
}
