import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/users.js';
import * as tenancy from '../store/tenancy.js';
import { now } from './clock.js';
import type { Page } from './cursor.js';
import { notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';

export const MEMBER_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface User {
  id: string;
  seq: number;
  email: string;
  name: string | null;
  created_at: string;
}

/** People: they belong to namespaces, keys act for them, and datasets can be shared with them. */
export class UserService {
  constructor(private readonly store: Store) {}

  async create(input: { email: string; name?: string }): Promise<User> {
    const row = await uniquely(this.store, `a user with email ${input.email} already exists`, () =>
      store.insertUser(this.store, { id: randomUUID(), email: input.email.toLowerCase(), name: input.name ?? null, created_at: now() }),
    );
    return toUser(row);
  }

  async get(id: string): Promise<User> {
    const row = await store.findUser(this.store, id);
    if (!row) throw notFound('user');
    return toUser(row);
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const after = cursorKey<[number]>('usr', page.cursor, ['number']);
    const rows = await store.listUsers(this.store, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'usr', (r) => [r.seq], toUser);
  }

  async addMember(namespaceSlug: string, input: { user_id: string; role: MemberRole }): Promise<{ namespace: string; user_id: string; role: MemberRole }> {
    const namespace = await tenancy.findNamespaceBySlug(this.store, namespaceSlug);
    if (!namespace) throw notFound(`namespace "${namespaceSlug}"`);
    await this.get(input.user_id);
    await store.upsertMember(this.store, { namespace_id: namespace.id, user_id: input.user_id, role: input.role, created_at: now() });
    return { namespace: namespace.slug, user_id: input.user_id, role: input.role };
  }
}

export function toUser(row: store.UserRow): User {
  return { id: row.id, seq: row.seq, email: row.email, name: row.name, created_at: row.created_at };
}
