import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyGrants } from '../../src/domain/key-grants.js';
import { hashSecret } from '../../src/domain/secrets.js';
import { insertApiKey, insertNamespace, insertProject, revokeKey } from '../../src/store/tenancy.js';
import type { Store } from '../../src/store/store.js';
import { DIALECT, openTestStore } from '../helpers/store.js';

let store: Store;
let lookups = 0;
let projectId: string;

beforeAll(async () => {
  store = await openTestStore({ onQuery: (sql) => (lookups += /from "api_keys"/.test(sql) ? 1 : 0) });
  const at = new Date().toISOString();
  const namespace = { id: randomUUID(), slug: 'k', name: 'k', created_at: at };
  await insertNamespace(store, namespace);
  projectId = randomUUID();
  await insertProject(store, { id: projectId, namespace_id: namespace.id, slug: 'p', name: 'p', created_at: at });
});
afterAll(() => store.close());

async function newKey(): Promise<{ id: string; hash: string }> {
  const key = { id: randomUUID(), hash: hashSecret(randomUUID()) };
  const at = new Date().toISOString();
  await insertApiKey(store, { ...key, project_id: projectId, name: 'k', role: 'read', prefix: 'ds_x', user_id: null, created_at: at });
  return key;
}

/** How many store lookups `fn` made. */
async function lookupsOf(fn: () => Promise<unknown>): Promise<number> {
  const before = lookups;
  await fn();
  return lookups - before;
}

// A bound no test run reaches, so only eviction and the entry limit are at play.
const LONG = { staleMs: 3_600_000, maxEntries: 2 };

describe(`known keys (${DIALECT})`, () => {
  it('answers a known key from memory, by hash and by id, and forgets it when revoked here', async () => {
    const grants = new KeyGrants(store, LONG);
    const key = await newKey();
    const caller = { keyId: key.id, projectId, role: 'read', userId: null };
    expect(await lookupsOf(async () => expect(await grants.bySecretHash(key.hash)).toEqual(caller))).toBe(1);
    expect(await lookupsOf(async () => expect(await grants.bySecretHash(key.hash)).toEqual(caller))).toBe(0);
    expect(await lookupsOf(async () => expect(await grants.byKeyId(key.id)).toEqual(caller))).toBe(1);
    expect(await lookupsOf(async () => expect(await grants.byKeyId(key.id)).toEqual(caller))).toBe(0);

    await revokeKey(store, projectId, key.id, new Date().toISOString());
    grants.evict([key.id]);
    expect(await grants.bySecretHash(key.hash)).toBeNull();
    expect(await grants.byKeyId(key.id)).toBeNull();
  });

  it('never remembers a failure, and holds at most its limit of keys', async () => {
    const grants = new KeyGrants(store, LONG);
    const madeUp = hashSecret('made-up');
    expect(await lookupsOf(() => grants.bySecretHash(madeUp))).toBe(1);
    expect(await lookupsOf(() => grants.bySecretHash(madeUp))).toBe(1);

    const [a, b, c] = [await newKey(), await newKey(), await newKey()];
    for (const key of [a, b, c]) await grants.bySecretHash(key.hash);
    // Three keys in a cache of two: the least recently used (a) went.
    expect(await lookupsOf(() => grants.bySecretHash(c.hash))).toBe(0);
    expect(await lookupsOf(() => grants.bySecretHash(a.hash))).toBe(1);
  });

  it('keeps out what a lookup found if a revocation here happened while it ran', async () => {
    const grants = new KeyGrants(store, LONG);
    const key = await newKey();
    // The lookup has started (and will find the key live) when the eviction comes.
    const racing = grants.bySecretHash(key.hash);
    grants.evict([key.id]);
    expect(await racing).toMatchObject({ keyId: key.id });
    expect(await lookupsOf(() => grants.bySecretHash(key.hash))).toBe(1);
  });
});
