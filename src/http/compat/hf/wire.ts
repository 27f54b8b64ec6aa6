import { createHash } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { HubFile, HubRefs, HubRepo, HubRevision } from '../../../domain/hub/service.js';
import { directoriesOf } from '../../../domain/hub/layout.js';
import { lfsPointer } from '../../../domain/hub/renders.js';
import type { DatasetInfo, DatasetListItem, Refs, TreeEntry } from './schemas.js';

/** A repository as the Hub's listing shows it. */
export const listItem = ({ dataset, namespace, id }: HubRepo): Static<typeof DatasetListItem> => ({
  _id: dataset.id,
  id,
  author: namespace,
  lastModified: dataset.updated_at,
  createdAt: dataset.created_at,
  private: true,
  gated: false,
  disabled: false,
  downloads: 0,
  likes: 0,
  tags: dataset.tags,
});

/** A repository at a revision, with the paths of its files (`siblings`, what `snapshot_download` walks). */
export function datasetInfo(at: HubRevision, paths: string[]): Static<typeof DatasetInfo> {
  return {
    ...listItem(at),
    lastModified: at.committedAt,
    sha: at.commit,
    description: at.dataset.description ?? '',
    cardData: at.card,
    siblings: paths.map((rfilename) => ({ rfilename })),
  };
}

/** The size of the Git LFS pointer file the Hub would keep in place of the bytes. */
const pointerSize = (file: HubFile) => Buffer.byteLength(lfsPointer(file.sha256, file.size));

function fileEntry(file: HubFile, at: HubRevision, expand: boolean): Static<typeof TreeEntry> {
  return {
    type: 'file',
    oid: file.git_oid,
    size: file.size,
    path: file.path,
    ...(file.lfs && { lfs: { oid: file.sha256, size: file.size, pointerSize: pointerSize(file) } }),
    ...(expand && { lastCommit: { id: at.commit, title: `version ${at.version}`, date: at.committedAt } }),
  };
}

/** A directory's oid stands for its listing at this commit, as a git tree's does. */
const directoryEntry = (path: string, at: HubRevision): Static<typeof TreeEntry> => ({
  type: 'directory',
  oid: createHash('sha1').update(`tree ${at.commit} ${path}`).digest('hex'),
  size: 0,
  path,
});

/** The entries under `folder` ('' for the root), directories and files in path order; all depths when recursive. */
export function treeEntries(files: HubFile[], at: HubRevision, folder: string, recursive: boolean, expand: boolean) {
  const prefix = folder === '' ? '' : `${folder}/`;
  const within = (path: string) => path.startsWith(prefix) && (recursive || !path.slice(prefix.length).includes('/'));
  const dirs = directoriesOf(files.map((f) => f.path))
    .filter(within)
    .map((d) => directoryEntry(d, at));
  const shown = files.filter((f) => within(f.path)).map((f) => fileEntry(f, at, expand));
  return [...dirs, ...shown].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export const isFolder = (files: HubFile[], folder: string) => folder === '' || directoriesOf(files.map((f) => f.path)).includes(folder);

export function pathInfos(files: HubFile[], at: HubRevision, paths: string[], expand: boolean) {
  const wanted = new Set(paths);
  const dirs = directoriesOf(files.map((f) => f.path)).filter((d) => wanted.has(d));
  return [...dirs.map((d) => directoryEntry(d, at)), ...files.filter((f) => wanted.has(f.path)).map((f) => fileEntry(f, at, expand))];
}

export function refsOut(refs: HubRefs): Static<typeof Refs> {
  return {
    branches: [{ name: 'main', ref: 'refs/heads/main', targetCommit: refs.main }],
    tags: refs.tags.map((t) => ({ name: t.name, ref: `refs/tags/${t.name}`, targetCommit: t.commit })),
    converts: [],
  };
}

/** `true`, `1` or a bare flag: the ways clients send a boolean in a query or a form. */
export const truthy = (value: boolean | string | undefined) => value === true || (typeof value === 'string' && /^(true|1)$/i.test(value));

/** The surface's absolute base URL as the client reached it: links and upload URLs are made from it. */
export const baseOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/compat/hf`;
