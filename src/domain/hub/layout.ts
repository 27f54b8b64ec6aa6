/** A file a version shows as a Hub repository: its path, and which datapoints it holds when it is data. */
export interface PlannedFile {
  path: string;
  /** Data files hold one split's datapoints (`null`: every datapoint, for a version without splits). */
  split?: string | null;
}

/** The split a version without splits shows its datapoints as, as the Hub names a single split. */
export const DEFAULT_SPLIT = 'train';

export const CARD_PATH = 'README.md';

/** Where a split's Parquet file lives, in the Hub's layout (one shard per split). */
export const dataPath = (split: string) => `data/${split}-00000-of-00001.parquet`;

/**
 * The files of a version: the dataset card, and a Parquet file per split. A version
 * whose datapoints have no split shows them all as `train`; when some have splits,
 * those without one are in no file.
 */
export function plannedFiles(splits: string[], datapointCount: number): PlannedFile[] {
  const data: PlannedFile[] =
    splits.length > 0
      ? splits.map((split) => ({ path: dataPath(split), split }))
      : datapointCount > 0
        ? [{ path: dataPath(DEFAULT_SPLIT), split: null }]
        : [];
  return [{ path: CARD_PATH }, ...data];
}

/** The split names the data files are for, as the card's `configs` lists them. */
export const splitNames = (files: PlannedFile[]) => files.filter((f) => f.split !== undefined).map((f) => f.split ?? DEFAULT_SPLIT);

/** Large files are kept with Git LFS on the Hub; clients expect data files to be. */
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
