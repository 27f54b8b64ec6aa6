import fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { callJson, noAnswer, usage, type Target } from './client.js';
import { resolveDataset } from './datasets.js';
import { rowsIn, shardLines, shardsOf } from './hf-layout.js';
import { folderSource } from './import-folder.js';
import { folderKindOf } from './media-folder.js';
import { isFolderKind } from './media-extensions.js';
import { mappingFrom, type MappingFlags, type MappingJson } from './mapping-flags.js';
import { IdleLimit } from './idle-limit.js';
import { count } from './output.js';
import type { Meter, Progress } from './progress.js';

export interface ImportFlags extends MappingFlags {
  format?: string;
  upsert?: boolean;
  sync?: boolean;
  replace?: boolean;
  message?: string;
  'base-version'?: string;
  split?: string;
  create?: boolean;
  json?: boolean;
}

interface ImportResult {
  dataset_id: string;
  version: number;
  created: boolean;
  rows: number;
  added: number;
  updated: number;
  deleted: number;
  unchanged: number;
  datapoint_count: number;
}

const TYPES: Record<string, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv', parquet: 'application/vnd.apache.parquet' };
const ENCODINGS: Record<string, string> = { gz: 'gzip', zst: 'zstd', zstd: 'zstd' };

/** The format and compression a file's name says: `rows.csv`, `rows.jsonl.gz`, `rows.parquet`. */
function formatOf(file: string, named: string | undefined): { format: string; encoding?: string } {
  const parts = file.toLowerCase().split('.');
  const encoding = ENCODINGS[parts.at(-1)!];
  const extension = encoding ? parts.at(-2) : parts.at(-1);
  const format = named ?? (extension === 'ndjson' ? 'jsonl' : extension);
  if (!format || !TYPES[format]) {
    throw usage(`cannot tell the format of ${file}: name it .jsonl, .csv or .parquet (optionally .gz or .zst), or pass --format`);
  }
  return { format, encoding };
}

function modeOf(flags: ImportFlags): string {
  const chosen = (['upsert', 'sync', 'replace'] as const).filter((m) => flags[m]);
  if (chosen.length > 1) throw usage(`choose one of --${chosen.join(', --')}`);
  return chosen[0] ?? 'add';
}

/** A stream that counts what passes through it, and says when it has all passed. */
function counting(meter: Meter, measure: (chunk: Buffer) => number, limit: IdleLimit, onEnd: () => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      meter.add(measure(chunk));
      limit.progress();
      done(null, chunk);
    },
    flush(done) {
      onEnd();
      done();
    },
  });
}

/** Where the file goes: the next version of a dataset, or, with --create when none has the name, a dataset made with it. */
interface Destination {
  name: string;
  path: string;
  /** The dataset is made by the import itself, in one transaction: an import that fails leaves none behind. */
  creating: boolean;
}

async function destination(target: Target, ref: string | undefined, create: boolean | undefined): Promise<Destination> {
  try {
    const dataset = await resolveDataset(target, ref);
    return { name: dataset.name, path: `/v1/datasets/${dataset.id}/imports`, creating: false };
  } catch (error) {
    if (!create || !ref || !/^no dataset named/.test((error as Error).message)) throw error;
    return { name: ref, path: '/v1/datasets/imports', creating: true };
  }
}

/** The body of an import, with how its upload is counted. */
export interface Source {
  stream: Readable;
  format: string;
  encoding?: string;
  meter: Meter;
  mapping?: MappingJson;
  measure: (chunk: Buffer) => number;
}

/**
 * What to send: a file as it is (the server reads every format), a Hugging Face directory
 * of Parquet shards as JSON lines, or an image or audio folder as attachments and JSON lines.
 */
async function body(target: Target, file: string, flags: ImportFlags, progress: Progress): Promise<Source> {
  const bytes = (chunk: Buffer) => chunk.length;
  const mapping = mappingFrom(flags);
  const directory = file !== '-' && fs.statSync(file).isDirectory();
  if (isFolderKind(flags.format) && !directory) throw usage(`--format ${flags.format} reads a folder; ${file} is a file`);
  const folder = directory ? (isFolderKind(flags.format) ? flags.format : folderKindOf(file)) : undefined;
  if (folder) return folderSource(target, file, folder, mapping, progress);
  if (directory) {
    const shards = shardsOf(file);
    const meter = progress.phase('read and upload', 'rows', await rowsIn(shards));
    // Shards' extra columns go to metadata, as they would from a Parquet file sent as it is.
    // Rows are counted as they are read, not bytes as they are sent.
    return { stream: shardLines(shards, meter), format: 'jsonl', meter, mapping: { rest: 'metadata', ...mapping }, measure: () => 0 };
  }
  if (file === '-') {
    if (!flags.format) throw usage('reading standard input: say its format with --format jsonl|csv|parquet');
    const meter = progress.phase('upload', 'bytes');
    return { stream: process.stdin, format: flags.format, meter, mapping, measure: bytes };
  }
  const { format, encoding } = formatOf(file, flags.format);
  const meter = progress.phase('upload', 'bytes', fs.statSync(file).size);
  return { stream: fs.createReadStream(file), format, encoding, meter, mapping, measure: bytes };
}

function summary(result: ImportResult, name: string): string {
  if (!result.created) return `no change: all ${count(result.rows)} rows match version ${result.version} of "${name}"\n`;
  return (
    `version ${result.version} of "${name}": ${count(result.added)} added, ${count(result.updated)} updated, ` +
    `${count(result.deleted)} deleted, ${count(result.unchanged)} unchanged (${count(result.rows)} rows read; ${count(result.datapoint_count)} datapoints)\n`
  );
}

/** Streams a file (or a Hugging Face dataset directory) into the next version of a dataset. */
export async function importFile(
  target: Target,
  ref: string | undefined,
  file: string | undefined,
  flags: ImportFlags,
  progress: Progress,
) {
  const mode = modeOf(flags);
  if (!file) throw usage('name the file to import: datashelf import DATASET FILE');
  if (file !== '-' && !fs.existsSync(file)) throw usage(`${file}: no such file or directory`);
  const into = await destination(target, ref, flags.create);
  const source = await body(target, file, flags, progress);
  const query = new URLSearchParams({ format: source.format });
  // A dataset made by its first import has nothing to upsert into, and no version to be based on.
  if (into.creating) query.set('name', into.name);
  else query.set('mode', mode);
  if (!into.creating && flags['base-version']) query.set('base_version', flags['base-version']);
  if (source.mapping) query.set('mapping', JSON.stringify(source.mapping));
  if (flags.message) query.set('message', flags.message);
  if (flags.split) query.set('split', flags.split);
  const result = await upload(target, `${into.path}?${query.toString()}`, source, into.name, progress);
  return flags.json ? JSON.stringify(result, null, 2) + '\n' : summary(result, into.name);
}

/**
 * Sends the body and waits for the answer, showing the upload and then the wait; both
 * end with the request, and the wait is bounded by --timeout without progress.
 */
async function upload(target: Target, path: string, source: Source, name: string, progress: Progress): Promise<ImportResult> {
  const { stream, format, encoding, meter, measure } = source;
  let answered = false;
  let uploaded = false;
  let waiting: Meter | undefined;
  const finishUpload = () => {
    if (uploaded) return;
    uploaded = true;
    meter.finish();
  };
  const limit = new IdleLimit(target.timeoutMs, () =>
    noAnswer(target, uploaded ? `; the file went up, and the import may still finish: see datashelf versions ${name}` : ''),
  );
  const sent = stream.pipe(
    counting(meter, measure, limit, () => {
      finishUpload();
      if (!answered) waiting = progress.wait('commit: the server is writing the version');
    }),
  );
  stream.on('error', (error) => sent.destroy(error));
  try {
    return await callJson<ImportResult>(target, path, {
      method: 'POST',
      body: sent,
      headers: { 'content-type': TYPES[format], ...(encoding && { 'content-encoding': encoding }) },
      limit,
    });
  } finally {
    answered = true;
    finishUpload();
    waiting?.finish();
    stream.destroy();
    sent.destroy();
  }
}
