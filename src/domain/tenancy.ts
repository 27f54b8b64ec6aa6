import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as tenancy from '../store/tenancy.js';
import { LIMITS } from '../model/limits.js';
import type { ApiKey, ApiKeyCreate, Namespace, NamespaceCreate, Project, ProjectCreate, ProjectRef } from '../model/tenancy.js';
import { assertRole, type Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import { audit } from './audit.js';
import { stampOf } from './stamp.js';
import type { Page } from './cursor.js';
import { forbidden, invalid, notFound } from './errors.js';
import { uniquely } from './unique.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { hashSecret, keyPrefix, newKeySecret } from './secrets.js';
import type { KeyGrants } from './key-grants.js';

/** Namespaces, projects and API keys: who may reach which data. */
export class TenancyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly grants: KeyGrants,
  ) {}

  async createNamespace(input: NamespaceCreate): Promise<Namespace> {
    const namespace = { id: randomUUID(), slug: input.slug, name: input.name, created_at: isoAt(this.clock) };
    await uniquely(this.store, { namespace_slug: `namespace "${input.slug}" already exists` }, () =>
      tenancy.insertNamespace(this.store, namespace),
    );
    return namespace;
  }

  async listNamespaces(page: PageRequest): Promise<Page<Namespace>> {
    const after = cursorKey<[string]>('ns', page.cursor, ['string']);
    const rows = await tenancy.listNamespaces(this.store, after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'ns',
      (n) => [n.slug],
      (n) => n,
    );
  }

  async createProject(namespaceSlug: string, input: ProjectCreate): Promise<Project> {
    const namespace = await this.namespace(namespaceSlug);
    const project = { id: randomUUID(), namespace_id: namespace.id, slug: input.slug, name: input.name, created_at: isoAt(this.clock) };
    await uniquely(this.store, { project_slug: `project "${input.slug}" already exists in "${namespaceSlug}"` }, () =>
      tenancy.insertProject(this.store, project),
    );
    return { id: project.id, slug: project.slug, name: project.name, namespace: namespace.slug, created_at: project.created_at };
  }

  async listProjects(namespaceSlug: string, page: PageRequest): Promise<Page<Project>> {
    const namespace = await this.namespace(namespaceSlug);
    const after = cursorKey<[string]>('pr', page.cursor, ['string']);
    const rows = await tenancy.listProjects(this.store, namespace.id, after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'pr',
      (p) => [p.slug],
      (p) => p,
    );
  }

  async project(ref: ProjectRef | { id: string }): Promise<Project> {
    const found = await tenancy.findProject(this.store, ref);
    if (!found) throw notFound('id' in ref ? 'project' : `project "${ref.namespace}/${ref.project}"`);
    return found;
  }

  /**
   * Creates a key; the secret is in the result and nowhere else, ever. A key bound to a
   * user reaches what is shared with that user, so only the instance admin or the user's
   * own credential may make one, and the user must belong to the project's namespace.
   */
  async createKey(caller: Caller, ref: ProjectRef, input: ApiKeyCreate): Promise<ApiKey & { key: string }> {
    const project = await this.manageable(caller, ref);
    if (input.user_id !== undefined) {
      if (caller.projectId !== null && caller.userId !== input.user_id) {
        throw forbidden('only the instance admin key, or a key acting as that user, may create a key bound to a user');
      }
      if (!(await tenancy.isMemberOfProjectNamespace(this.store, input.user_id, project.id))) {
        throw invalid("the user must be a member of the project's namespace", [
          { field: 'body/user_id', message: 'is not a member of this namespace' },
        ]);
      }
    }
    const secret = newKeySecret();
    const stamp = stampOf(caller, this.clock);
    const key: ApiKey = {
      id: randomUUID(),
      name: input.name,
      role: input.role ?? 'write',
      prefix: keyPrefix(secret),
      user_id: input.user_id ?? null,
      created_at: stamp.at,
    };
    await tenancy.insertApiKey(this.store, { ...key, project_id: project.id, hash: hashSecret(secret) });
    const detail = { created_key_id: key.id, name: key.name, role: key.role, prefix: key.prefix, user_id: key.user_id };
    await audit(this.store, project.id, stamp, { action: 'key.create', detail });
    return { ...key, key: secret };
  }

  async listKeys(caller: Caller, ref: ProjectRef, page: PageRequest): Promise<Page<ApiKey>> {
    const project = await this.manageable(caller, ref);
    const after = cursorKey<[string, string]>('key', page.cursor, ['string', 'string']);
    const rows = await tenancy.listLiveKeys(this.store, project.id, after, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'key',
      (k) => [k.created_at, k.id],
      (k) => k,
    );
  }

  async revokeKey(caller: Caller, ref: ProjectRef, keyId: string): Promise<void> {
    const project = await this.manageable(caller, ref);
    const stamp = stampOf(caller, this.clock);
    if (!(await tenancy.revokeKey(this.store, project.id, keyId, stamp.at))) throw notFound('api key');
    this.grants.evict([keyId]);
    await audit(this.store, project.id, stamp, { action: 'key.revoke', detail: { revoked_key_id: keyId } });
  }

  /** The caller a secret stands for, or null for an unknown or revoked key. */
  async authenticate(secret: string): Promise<Caller | null> {
    if (secret.length > LIMITS.keySecretLength) return null;
    return this.grants.bySecretHash(hashSecret(secret));
  }

  /**
   * Makes sure the instance admin key exists. A configured key is the only one: its hash
   * is stored and every other instance key (one generated at a first start, or an earlier
   * configured one) is revoked, so setting DATASHELF_ADMIN_KEY rotates the key. Without a
   * configured key, a first start generates one and returns it, to be shown once.
   */
  async ensureAdminKey(configured: string | null): Promise<string | null> {
    const live = await tenancy.liveInstanceKeys(this.store);
    if (configured === null && live.length > 0) return null;
    const secret = configured ?? newKeySecret();
    const hash = hashSecret(secret);
    const at = isoAt(this.clock);
    const replaced = live.filter((k) => k.hash !== hash).map((k) => k.id);
    await this.store.transaction(async (tx) => {
      await tenancy.revokeInstanceKeys(tx, replaced, at);
      if (live.some((k) => k.hash === hash)) return;
      await tenancy.insertApiKey(tx, {
        id: randomUUID(),
        project_id: null,
        name: 'instance admin',
        role: 'admin',
        prefix: keyPrefix(secret),
        hash,
        user_id: null,
        created_at: at,
      });
    });
    this.grants.evict(replaced);
    return configured === null ? secret : null;
  }

  /** A project whose keys the caller manages: the instance admin any; a project's admin key its own. Others' are 404. */
  private async manageable(caller: Caller, ref: ProjectRef): Promise<Project> {
    const project = await this.project(ref);
    if (caller.projectId === null) return project;
    if (caller.projectId !== project.id) throw notFound(`project "${ref.namespace}/${ref.project}"`);
    assertRole(caller, 'admin');
    return project;
  }

  private async namespace(slug: string): Promise<Namespace> {
    const found = await tenancy.findNamespace(this.store, { slug });
    if (!found) throw notFound(`namespace "${slug}"`);
    return found;
  }
}
