import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar, Presets } from 'cli-progress';
import { call, type Target } from './client.js';

export interface ExportOptions {
  format: 'jsonl' | 'csv';
  version?: number;
  output?: string;
  progress: boolean;
}

/** Streams a version of a dataset to a file (or stdout), with a progress bar over its datapoints. */
export async function exportDataset(target: Target, datasetId: string, options: ExportOptions): Promise<void> {
  const id = encodeURIComponent(datasetId);
  const dataset = (await (await call(target, `/v1/datasets/${id}`)).json()) as { datapoint_count: number };
  const total =
    options.version === undefined
      ? dataset.datapoint_count
      : ((await (await call(target, `/v1/datasets/${id}/versions/${options.version}`)).json()) as { datapoint_count: number })
          .datapoint_count;
  const query = new URLSearchParams({ format: options.format });
  if (options.version !== undefined) query.set('version', String(options.version));
  const res = await call(target, `/v1/datasets/${id}/export?${query.toString()}`);

  const showBar = options.progress && options.output !== undefined;
  const bar = new SingleBar(
    { format: 'export [{bar}] {percentage}% | {value}/{total} datapoints', hideCursor: true },
    Presets.shades_classic,
  );
  if (showBar) bar.start(total, 0);
  // Each datapoint is one line in JSONL; in CSV a quoted cell may span lines, so the count is approximate there.
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (showBar) bar.increment(chunk.toString('utf8').split('\n').length - 1);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as never), count, options.output ? fs.createWriteStream(options.output) : process.stdout);
  } finally {
    if (showBar) bar.stop();
  }
}
