import type { ImportFormat } from '../../model/imports.js';
import { badRequest } from '../errors.js';

/**
 * A split's data in the Hub's layout: `data/{split}.jsonl`, or a shard
 * `data/{split}-0000i-of-0000n.parquet` (older `datasets` add `-{hash}` before the extension).
 */
const DATA_FILE = /^data\/([A-Za-z0-9][A-Za-z0-9_.]*?)(?:-(\d{5})-of-(\d{5})(?:-[0-9a-f]{8,64})?)?\.(jsonl|parquet)$/;

export interface DataFile {
  path: string;
  split: string;
  format: ImportFormat;
  /** Its place among the split's shards, and how many there are (null: the split's one file, unsharded). */
  shard: { index: number; of: number } | null;
}

export function dataFileOf(path: string): DataFile | null {
  const match = DATA_FILE.exec(path);
  if (!match) return null;
  const [, split, index, of, extension] = match;
  return { path, split, format: extension as ImportFormat, shard: index === undefined ? null : { index: Number(index), of: Number(of) } };
}

/**
 * The files split by split (in name order), each split's shards in shard order. A split
 * is one unsharded file, or every shard 0..n-1 of n exactly once: a commit that misses
 * a shard would make a split of part of its rows.
 */
export function inShardOrder(files: DataFile[]): DataFile[] {
  const bySplit = new Map<string, DataFile[]>();
  for (const file of files) bySplit.set(file.split, [...(bySplit.get(file.split) ?? []), file]);
  const ordered: DataFile[] = [];
  for (const split of [...bySplit.keys()].sort()) {
    const shards = bySplit.get(split)!.sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
    checkComplete(split, shards);
    ordered.push(...shards);
  }
  return ordered;
}

function checkComplete(split: string, files: DataFile[]): void {
  if (files.length === 1 && files[0].shard === null) return;
  const of = files[0].shard?.of ?? 0;
  const complete = files.length === of && files.every((f, i) => f.shard !== null && f.shard.of === of && f.shard.index === i);
  if (!complete) {
    throw badRequest(
      `the split ${split} is committed as ${files.map((f) => f.path).join(', ')}: a split is one file (data/${split}.jsonl), or its shards data/${split}-00000-of-0000n.parquet … each once, all in one commit`,
    );
  }
}
