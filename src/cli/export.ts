import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { call, callJson, usage, type Target } from './client.js';
import { resolveDataset } from './datasets.js';
import { attachmentRefs, writeFiles, type FileRef } from './export-files.js';
import type { Progress, Unit } from './progress.js';

export interface ExportFlags {
  format?: string;
  version?: string;
  output?: string;
  tag?: string;
  source?: string;
  persona?: string;
  split?: string;
  search?: string;
  filters?: string;
  /** A folder the datapoints' attachments are written to. */
  files?: string;
}

const FORMATS = ['jsonl', 'csv', 'parquet', 'openai'];
/** Flags passed on as the export's query parameters, by the parameter they set. */
const FILTERS = { tag: 'tag', source: 'source', persona: 'persona', split: 'split', search: 'q', filters: 'filters' } as const;
const FILTER_FLAGS = Object.keys(FILTERS) as (keyof typeof FILTERS)[];

/** Lines are datapoints in JSONL and examples in OpenAI's format; CSV cells may hold newlines and Parquet is binary, so those count bytes. */
const UNITS: Record<string, Unit> = { jsonl: 'datapoints', openai: 'rows', csv: 'bytes', parquet: 'bytes' };

function counter(unit: Unit, add: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let n = chunk.length;
      if (unit !== 'bytes') {
        n = 0;
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) n++;
      }
      add(n);
      done(null, chunk);
    },
  });
}

/** Streams a version of a dataset to a file or stdout, in any export format, with the listing's filters. */
export async function exportDataset(target: Target, ref: string | undefined, flags: ExportFlags, progress: Progress): Promise<void> {
  const format = flags.format ?? 'jsonl';
  if (!FORMATS.includes(format)) throw usage(`--format must be one of ${FORMATS.join(', ')}`);
  if (format === 'parquet' && !flags.output && process.stdout.isTTY) throw usage('Parquet is binary: write it to a file with -o FILE');
  if (flags.files && format !== 'jsonl') throw usage('--files goes with the JSON-lines export, whose lines name the files');
  const dataset = await resolveDataset(target, ref);
  const query = new URLSearchParams({ format });
  if (flags.version) query.set('version', flags.version);
  for (const f of FILTER_FLAGS) if (flags[f]) query.set(FILTERS[f], flags[f]);
  const filtered = FILTER_FLAGS.some((f) => flags[f]);
  const total =
    format === 'jsonl' && !filtered
      ? flags.version
        ? (
            await callJson<{ datapoint_count: number }>(
              target,
              `/v1/datasets/${dataset.id}/versions/${await versionNumber(target, dataset.id, flags.version)}`,
            )
          ).datapoint_count
        : dataset.datapoint_count
      : undefined;
  const res = await call(target, `/v1/datasets/${dataset.id}/export?${query.toString()}`);
  const meter = progress.phase('download', UNITS[format], total);
  const refs: FileRef[] = [];
  try {
    await pipeline(
      Readable.fromWeb(res.body as never),
      counter(UNITS[format], (n) => meter.add(n)),
      ...(flags.files ? [attachmentRefs(refs)] : []),
      flags.output ? fs.createWriteStream(flags.output) : process.stdout,
    );
  } finally {
    meter.finish();
  }
  if (flags.files) await writeFiles(target, flags.files, refs, progress);
}

/** The number a version flag names: itself, or the version its tag points at. */
async function versionNumber(target: Target, datasetId: string, version: string): Promise<string> {
  if (/^[0-9]+$/.test(version)) return version;
  return String((await callJson<{ version: number }>(target, `/v1/datasets/${datasetId}/tags/${encodeURIComponent(version)}`)).version);
}
