import type { Queryable } from '../../store/store.js';
import * as versions from '../../store/versions.js';
import { findTag } from '../../store/version-tags.js';
import type { Dataset } from '../../model/datasets.js';
import { invalid, notFound } from '../errors.js';

/** How a request names a version: a number, a tag's name, or a point in time. */
export interface VersionChoice {
  version?: number | string;
  as_of?: string;
}

/**
 * The version number a request means. A number must exist (0 to the head); a tag must
 * be one of this dataset's; `as_of` is the version that was the head then, and may not
 * be before the dataset existed. Nothing named: the head.
 */
export async function chosenVersion(q: Queryable, dataset: Dataset, choice: VersionChoice, field = 'version'): Promise<number> {
  if (choice.version !== undefined && choice.as_of !== undefined) {
    throw invalid(`give ${field} or as_of, not both`, [{ field: 'as_of', message: `cannot be given with ${field}` }]);
  }
  if (choice.as_of !== undefined) return versionAsOf(q, dataset, choice.as_of);
  if (choice.version === undefined) return dataset.head_version;
  if (typeof choice.version === 'number' || /^[0-9]+$/.test(choice.version)) return versionIn(dataset, Number(choice.version));
  const tag = await findTag(q, dataset.seq, choice.version);
  if (!tag) throw notFound(`version tag "${choice.version}"`);
  return tag.version;
}

/** A version number of this dataset, checked. */
export function versionIn(dataset: Dataset, version: number): number {
  if (!Number.isInteger(version) || version < 0) throw invalid('version must be a non-negative integer');
  if (version > dataset.head_version) throw notFound(`version ${version}`);
  return version;
}

async function versionAsOf(q: Queryable, dataset: Dataset, asOf: string): Promise<number> {
  const at = new Date(asOf);
  if (Number.isNaN(at.getTime())) throw invalid('as_of must be an RFC 3339 time', [{ field: 'as_of', message: 'not a time' }]);
  if (at.toISOString() < dataset.created_at) {
    throw invalid(`as_of ${asOf} is before the dataset was created (${dataset.created_at})`, [
      { field: 'as_of', message: 'before the dataset existed' },
    ]);
  }
  return versions.versionAsOf(q, dataset.seq, at.toISOString());
}
