import { createHash } from 'node:crypto';
import { DomainError } from '../errors.js';

/**
 * The commit id a version has as a Hub revision: 40 hex digits, like a git commit's,
 * derived from the dataset and the version alone, so it is the same on every instance
 * and never changes.
 */
export const commitOf = (datasetId: string, version: number): string =>
  createHash('sha1').update(`datashelf dataset ${datasetId} version ${version}`).digest('hex');

export const COMMIT_PATTERN = /^[0-9a-f]{40}$/;

/** The names `main` goes by: clients ask for the default branch as any of these. */
export const MAIN_NAMES = new Set(['main', 'HEAD', 'refs/heads/main']);

export const repoNotFound = () => new DomainError('not_found', 'Repository not found', [], 'no_such_repo');
export const revisionNotFound = (revision: string) =>
  new DomainError('not_found', `Invalid rev id: ${revision.slice(0, 200)}`, [], 'no_such_revision');
export const entryNotFound = () => new DomainError('not_found', 'Entry not found', [], 'no_such_entry');
