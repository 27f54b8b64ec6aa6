import type { Queryable } from '../store/store.js';
import { findProject } from '../store/tenancy.js';
import { ARTIFACT_TYPES, HfPath } from '../model/datasets.js';
import { invalid, notFound } from './errors.js';

/**
 * Every dataset is one Hub repository of its project's namespace (what `/compat/hf`
 * serves): the one its path names when the path is in that namespace (a lerobot_v3
 * artifact at `acme/pick-cube`, in a project of namespace `acme`, is the repository
 * `acme/pick-cube` whatever its name), else the one its name names. A path in another
 * namespace is a label only. No two live datasets of a project are one repository: a
 * unique index refuses the second (409), so LeRobot code pointed at the Hub surface
 * always downloads the artifact its path names.
 */
export function repoNameOf(namespace: string, name: string, path: string | null | undefined): string {
  const prefix = `${namespace}/`;
  return path?.startsWith(prefix) ? path.slice(prefix.length) : name;
}

/** The namespace whose repositories a project's datasets are. */
async function namespaceOf(q: Queryable, projectId: string): Promise<string> {
  const project = await findProject(q, { id: projectId });
  if (!project) throw notFound('project');
  return project.namespace;
}

const PATH = new RegExp(HfPath.pattern!);

/**
 * The path a dataset is kept at. An artifact type (lerobot_v3, sarm_progress) always has
 * one: given none, it is the repository the dataset already is, `{namespace}/{name}` (a
 * repository made through the Hub and then typed lerobot_v3 keeps its address), when
 * that is a valid path; a name that cannot be one needs a path given.
 */
export function pathOf(namespace: string, type: string, name: string, path: string | null | undefined): string | null {
  if (path) return path;
  if (!(ARTIFACT_TYPES as readonly string[]).includes(type)) return null;
  const own = `${namespace}/${name}`;
  if (PATH.test(own)) return own;
  throw invalid(`a ${type} dataset needs a path (owner/name): its name cannot be one`, [
    { field: 'body/path', message: `is required for type ${type}` },
  ]);
}

/**
 * The path a dataset is kept at and the name of the repository it is. Its project's
 * namespace is read (through `q`) only when they depend on it: a dataset with no path
 * that is no artifact is the repository of its name.
 */
export async function placementOf(
  q: Queryable,
  projectId: string,
  dataset: { type: string; name: string; path?: string | null },
): Promise<{ path: string | null; repo_name: string }> {
  const { type, name } = dataset;
  if (!dataset.path && !(ARTIFACT_TYPES as readonly string[]).includes(type)) return { path: null, repo_name: name };
  const namespace = await namespaceOf(q, projectId);
  const path = pathOf(namespace, type, name, dataset.path);
  return { path, repo_name: repoNameOf(namespace, name, path) };
}

/** What a write that would make two datasets one repository is told. */
export const repoTaken = (repo: string) =>
  `another dataset of this project is already the repository "${repo}" of its namespace (by its name, or by its path)`;
