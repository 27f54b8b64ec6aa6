import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { LIMITS } from '../model/limits.js';
import { parquetFileRecords, parquetRowCount } from '../formats/read-parquet.js';
import { usage } from './client.js';
import type { Meter } from './progress.js';

/** One Parquet shard of a Hugging Face dataset, and the split it belongs to. */
export interface Shard {
  file: string;
  split: string;
}

const SHARD = /^(?<split>[A-Za-z0-9][A-Za-z0-9_.]*?)(?:-\d{5}-of-\d{5})?\.parquet$/;
const SPLIT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * The shards of a dataset laid out as the Hugging Face Hub lays them out:
 * `data/train-00000-of-00002.parquet` (split from the file name), or
 * `train/0000.parquet` (split from the directory), in name order.
 */
export function shardsOf(dir: string): Shard[] {
  const shards: Shard[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) walk(full);
      if (!entry.isFile() || !entry.name.endsWith('.parquet')) continue;
      const named = SHARD.exec(entry.name)?.groups?.split;
      const split = named && !/^\d+$/.test(named) ? named : path.basename(at);
      if (!SPLIT.test(split))
        throw usage(`cannot tell the split of ${full}: name it train-00000-of-00001.parquet or put it in a train/ directory`);
      shards.push({ file: full, split });
    }
  };
  walk(dir);
  if (shards.length === 0) throw usage(`${dir} holds no .parquet files`);
  return shards;
}

export async function rowsIn(shards: Shard[]): Promise<number> {
  let total = 0;
  for (const shard of shards) total += await parquetRowCount(shard.file);
  return total;
}

/**
 * The shards as one JSON-lines stream, each row with its split: the whole dataset
 * becomes one version. Rows are read a slice at a time, never a whole shard.
 */
export function shardLines(shards: Shard[], meter: Meter): Readable {
  return Readable.from(
    (async function* () {
      for (const { file, split } of shards) {
        let lines = '';
        let count = 0;
        for await (const { value } of parquetFileRecords(file, LIMITS.importColumnsMax)) {
          lines += JSON.stringify({ ...value, splits: [split] }) + '\n';
          if (++count % 500 === 0) {
            meter.add(500);
            yield lines;
            lines = '';
          }
        }
        meter.add(count % 500);
        if (lines) yield lines;
      }
    })(),
  );
}
