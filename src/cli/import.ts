import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SingleBar, Presets } from 'cli-progress';
import { csvToNdjson } from '../formats/csv-datapoints.js';
import { call, CliError, type Target } from './client.js';

export interface ImportOptions {
  message?: string;
  replace?: boolean;
  baseVersion?: number;
  progress: boolean;
}

/**
 * Streams a JSONL or CSV file into a new version of a dataset, as NDJSON, with a
 * progress bar over the bytes read. Nothing is held in memory on this side.
 */
export async function importFile(target: Target, datasetId: string, file: string, options: ImportOptions): Promise<unknown> {
  const format = path.extname(file).toLowerCase();
  if (!['.jsonl', '.ndjson', '.csv'].includes(format)) throw new CliError('the file must be .jsonl, .ndjson or .csv');
  const size = fs.statSync(file).size;
  const bar = new SingleBar({ format: 'import [{bar}] {percentage}% | {value}/{total} bytes', hideCursor: true }, Presets.shades_classic);
  if (options.progress) bar.start(size, 0);
  const raw = fs.createReadStream(file);
  raw.on('data', (chunk) => options.progress && bar.increment(chunk.length));
  const lines = format === '.csv' ? Readable.from(csvToNdjson(raw)) : raw;

  const query = new URLSearchParams();
  if (options.message) query.set('message', options.message);
  if (options.replace) query.set('mode', 'replace');
  if (options.baseVersion !== undefined) query.set('base_version', String(options.baseVersion));
  try {
    const res = await call(target, `/v1/datasets/${encodeURIComponent(datasetId)}/versions?${query.toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: Readable.toWeb(lines) as ReadableStream,
      duplex: 'half',
    });
    return await res.json();
  } finally {
    if (options.progress) bar.stop();
  }
}
