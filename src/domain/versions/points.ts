import type { Store } from '../../store/store.js';
import { findVersion } from '../../store/versions.js';
import { tagNamesAt } from '../../store/version-tags.js';
import type { Caller } from '../caller.js';
import type { DatasetService } from '../datasets.js';
import { chosenVersion, type VersionChoice } from './select.js';

/** A version as clients that name versions by time see it: when it was made, and the tags on it. */
export interface VersionPoint {
  version: number;
  /** When the version was committed; for version 0, when the dataset was made. */
  at: string;
  tags: string[];
}

/** A version has a handful of tags; this many at most are read. */
const TAGS_MAX = 1000;

/** Versions named by time or tag, answered with their time: what time-versioned clients (LangSmith) read. */
export class VersionPoints {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
  ) {}

  async point(caller: Caller, datasetId: string, choice: VersionChoice): Promise<VersionPoint> {
    const dataset = await this.datasets.readable(caller, datasetId);
    const version = await chosenVersion(this.store, dataset, choice);
    const [made, tags] = await Promise.all([
      findVersion(this.store, dataset, version),
      tagNamesAt(this.store, dataset.seq, version, TAGS_MAX),
    ]);
    return { version, at: made?.created_at ?? dataset.created_at, tags };
  }
}
