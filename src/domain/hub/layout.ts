/** A file datashelf renders for a version shown as a Hub repository: the card, or a data shard. */
export interface PlannedFile {
  path: string;
  /** Data shards hold one split's datapoints (`null`: every datapoint, for a version without splits). */
  split?: string | null;
  /** Which shard of its split, and of how many. */
  shard?: { index: number; of: number };
}

/** The split a version without splits shows its datapoints as, as the Hub names a single split. */
export const DEFAULT_SPLIT = 'train';

export const CARD_PATH = 'README.md';

/**
 * Rows per Parquet shard. The Hub's writers (`push_to_hub`) cut shards at about 500 MB;
 * datapoints are about 1 KB of JSON, so half a million rows make a shard of a few
 * hundred MB. Services take another number (tests cut small shards).
 */
export const SHARD_ROWS = 500_000;

const five = (n: number) => String(n).padStart(5, '0');

/** Where shard `index` (from 0) of `of` of a split's Parquet data lives, in the Hub's layout. */
export const shardPath = (split: string, index: number, of: number) => `data/${split}-${five(index)}-of-${five(of)}.parquet`;

/** The glob that names every shard of a split, as the Hub writes it in the card's `configs`. */
export const splitGlob = (split: string) => `data/${split}-*`;

/** What a version holds: its datapoints per split (with their counts), and whether its own files have a card or data. */
export interface VersionContent {
  splits: { split: string; count: number }[];
  datapointCount: number;
  shardRows: number;
  own: { card: boolean; data: boolean };
}

/**
 * The files datashelf renders for a version: the dataset card and the Parquet shards of
 * each split. A version whose datapoints have no split shows them all as `train`; when
 * some have splits, those without one are in no file. The version's own files win: a
 * `README.md` of its tree is its card, and a tree with files under `data/` is served as
 * it is, with no rendered data beside it (a LeRobot tree keeps its layout).
 */
export function plannedFiles({ splits, datapointCount, shardRows, own }: VersionContent): PlannedFile[] {
  const counted = splits.length > 0 ? splits : datapointCount > 0 ? [{ split: null, count: datapointCount }] : [];
  const data = own.data ? [] : counted.flatMap(({ split, count }) => shardsOf(split, count, shardRows));
  return [...(own.card ? [] : [{ path: CARD_PATH }]), ...data];
}

function shardsOf(split: string | null, count: number, shardRows: number): PlannedFile[] {
  const of = Math.max(1, Math.ceil(count / shardRows));
  return Array.from({ length: of }, (_, index) => ({ path: shardPath(split ?? DEFAULT_SPLIT, index, of), split, shard: { index, of } }));
}

/** The split names the data files are for, each once, as the card's `configs` lists them. */
export const splitNames = (files: PlannedFile[]) => [
  ...new Set(files.filter((f) => f.split !== undefined).map((f) => f.split ?? DEFAULT_SPLIT)),
];

/** Large files are kept with Git LFS on the Hub; clients expect data files to be (a tree's files are too: see renders.ts). */
export const isLfs = (path: string) => path.endsWith('.parquet');

/** The directories that hold the files, each once, parents first. */
export function directoriesOf(paths: string[]): string[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [...dirs].sort();
}
