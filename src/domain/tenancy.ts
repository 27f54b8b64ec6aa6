import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as tenancy from '../store/tenancy.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { forbidden, invalid, notFound } from './errors.js';
import { uniquely } from './unique.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { assertRole, type Caller, type Role } from './caller.js';
import { hashSecret, keyPrefix, newKeySecret } from './secrets.js';

export interface Namespace {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  namespace: string;
  created_at: string;
}

/** A project as named in a path: namespace slug and project slug. */
export interface ProjectRef {
  namespace: string;
  project: string;
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  user_id: string | null;
  created_at: string;
}

/** Namespaces, projects and API keys: who may reach which data. */
export class TenancyService {
  constructor(private readonly store: Store) {}

  async createNamespace(input: { slug: string; name: string }): Promise<Namespace> {
    const row = { id: randomUUID(), slug: input.slug, name: input.name, created_at: now() };
    await uniquely(this.store, `namespace "${input.slug}" already exists`, () => tenancy.insertNamespace(this.store, row));
    return row;
  }

  async listNamespaces(page: PageRequest): Promise<Page<Namespace>> {
    const after = cursorKey<[string]>('ns', page.cursor, ['string']);
    const rows = await tenancy.listNamespaces(this.store, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'ns', (r) => [r.slug], (r) => r);
  }

  async createProject(namespaceSlug: string, input: { slug: string; name: string }): Promise<Project> {
    const namespace = await this.namespace(namespaceSlug);
    const row = { id: randomUUID(), namespace_id: namespace.id, slug: input.slug, name: input.name, created_at: now() };
    await uniquely(this.store, `project "${input.slug}" already exists in "${namespaceSlug}"`, () =>
      tenancy.insertProject(this.store, row),
    );
    return toProject({ ...row, namespace_slug: namespace.slug });
  }

  async listProjects(namespaceSlug: string, page: PageRequest): Promise<Page<Project>> {
    const namespace = await this.namespace(namespaceSlug);
    const after = cursorKey<[string]>('pr', page.cursor, ['string']);
    const rows = await tenancy.listProjects(this.store, namespace.id, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'pr', (r) => [r.slug], toProject);
  }

  async project(namespaceSlug: string, projectSlug: string): Promise<Project> {
    const row = await tenancy.findProject(this.store, namespaceSlug, projectSlug);
    if (!row) throw notFound(`project "${namespaceSlug}/${projectSlug}"`);
    return toProject(row);
  }

  async projectById(id: string): Promise<Project> {
    const row = await tenancy.findProjectById(this.store, id);
    if (!row) throw notFound('project');
    return toProject(row);
  }

  /**
   * Creates a key; the secret is in the result and nowhere else, ever. A key bound to a
   * user reaches what is shared with that user, so only the instance admin or the user's
   * own credential may make one, and the user must belong to the project's namespace.
   */
  async createKey(caller: Caller, ref: ProjectRef, input: { name: string; role: Role; user_id?: string }): Promise<ApiKey & { key: string }> {
    const project = await this.manageable(caller, ref);
    if (input.user_id !== undefined) {
      if (caller.projectId !== null && caller.userId !== input.user_id) {
        throw forbidden('only the instance admin key, or a key acting as that user, may create a key bound to a user');
      }
      if (!(await tenancy.isMemberOfProjectNamespace(this.store, input.user_id, project.id))) {
        throw invalid('the user must be a member of the project\'s namespace', [{ field: 'body/user_id', message: 'is not a member of this namespace' }]);
      }
    }
    const secret = newKeySecret();
    const row = {
      id: randomUUID(),
      project_id: project.id,
      name: input.name,
      role: input.role,
      prefix: keyPrefix(secret),
      hash: hashSecret(secret),
      created_at: now(),
      revoked_at: null,
      user_id: input.user_id ?? null,
    };
    await tenancy.insertApiKey(this.store, row);
    return { ...toKey(row), key: secret };
  }

  async listKeys(caller: Caller, ref: ProjectRef, page: PageRequest): Promise<Page<ApiKey>> {
    const project = await this.manageable(caller, ref);
    const after = cursorKey<[string, string]>('key', page.cursor, ['string', 'string']);
    const rows = await tenancy.listLiveKeys(this.store, project.id, after, page.limit + 1);
    return pageOf(rows, page.limit, 'key', (r) => [r.created_at, r.id], toKey);
  }

  async revokeKey(caller: Caller, ref: ProjectRef, keyId: string): Promise<void> {
    const project = await this.manageable(caller, ref);
    if (!(await tenancy.revokeKey(this.store, project.id, keyId, now()))) throw notFound('api key');
  }

  /** A project whose keys the caller manages: the instance admin any; a project's admin key its own. Others' are 404. */
  private async manageable(caller: Caller, ref: ProjectRef): Promise<Project> {
    const project = await this.project(ref.namespace, ref.project);
    if (caller.projectId === null) return project;
    if (caller.projectId !== project.id) throw notFound(`project "${ref.namespace}/${ref.project}"`);
    assertRole(caller, 'admin');
    return project;
  }

  /** The caller a secret stands for, or null for an unknown or revoked key. */
  async authenticate(secret: string): Promise<Caller | null> {
    if (secret.length > 256) return null;
    const row = await tenancy.findLiveKeyByHash(this.store, hashSecret(secret));
    return row ? { keyId: row.id, projectId: row.project_id, role: row.role as Role, userId: row.user_id } : null;
  }

  /**
   * Makes sure an instance admin key exists. With a configured key, stores its hash;
   * without one, on a first start, generates a key and returns it to be shown once.
   */
  async ensureAdminKey(configured: string | null): Promise<string | null> {
    if (configured === null && (await tenancy.hasInstanceAdminKey(this.store))) return null;
    const secret = configured ?? newKeySecret();
    const hash = hashSecret(secret);
    if (await tenancy.findLiveKeyByHash(this.store, hash)) return null;
    await tenancy.insertApiKey(this.store, {
      id: randomUUID(),
      project_id: null,
      name: 'instance admin',
      role: 'admin',
      prefix: keyPrefix(secret),
      hash,
      created_at: now(),
      revoked_at: null,
      user_id: null,
    });
    return configured === null ? secret : null;
  }

  private async namespace(slug: string): Promise<tenancy.NamespaceRow> {
    const row = await tenancy.findNamespaceBySlug(this.store, slug);
    if (!row) throw notFound(`namespace "${slug}"`);
    return row;
  }

}

function toProject(row: tenancy.ProjectRow): Project {
  return { id: row.id, slug: row.slug, name: row.name, namespace: row.namespace_slug, created_at: row.created_at };
}

function toKey(row: tenancy.ApiKeyRow): ApiKey {
  return { id: row.id, name: row.name, role: row.role as Role, prefix: row.prefix, user_id: row.user_id, created_at: row.created_at };
}
