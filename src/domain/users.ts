import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/users.js';
import { findNamespace } from '../store/tenancy.js';
import type { Member, MemberCreate, User, UserCreate } from '../model/evals.js';
import { isoAt, type Clock } from './clock.js';
import type { Page } from './cursor.js';
import { notFound } from './errors.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import { uniquely } from './unique.js';

/** People: they belong to namespaces, keys act for them, and datasets can be shared with them. */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  create(input: UserCreate): Promise<User> {
    const user = { id: randomUUID(), email: input.email.toLowerCase(), name: input.name ?? null, created_at: isoAt(this.clock) };
    return uniquely(this.store, { user_email: `a user with email ${input.email} already exists` }, () =>
      store.insertUser(this.store, user),
    );
  }

  async get(id: string): Promise<User> {
    const user = await store.findUser(this.store, id);
    if (!user) throw notFound('user');
    return user;
  }

  async list(page: PageRequest): Promise<Page<User>> {
    const after = cursorKey<[number]>('usr', page.cursor, ['integer']);
    const rows = await store.listUsers(this.store, after?.[0] ?? null, page.limit + 1);
    return pageOf(
      rows,
      page.limit,
      'usr',
      (u) => [u.seq],
      (u) => u,
    );
  }

  async addMember(namespaceSlug: string, input: MemberCreate): Promise<Member> {
    const namespace = await findNamespace(this.store, { slug: namespaceSlug });
    if (!namespace) throw notFound(`namespace "${namespaceSlug}"`);
    await this.get(input.user_id);
    await store.upsertMember(this.store, {
      namespace_id: namespace.id,
      user_id: input.user_id,
      role: input.role,
      created_at: isoAt(this.clock),
    });
    return { namespace: namespace.slug, user_id: input.user_id, role: input.role };
  }
}
