import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src/domain/caller.js';
import { createServices, type Services } from '../../src/domain/services.js';
import { LIMITS } from '../../src/model/limits.js';
import type { DatapointFields } from '../../src/model/datapoints.js';
import { planListing, type DatapointFilter } from '../../src/store/datapoint-filters.js';
import { migrateTo } from '../../src/store/migrate.js';
import type { Store } from '../../src/store/store.js';
import { NO_RATE_LIMIT, TEST_JWT } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { useStorePlaces } from '../helpers/store-places.js';

const url = process.env.DATABASE_URL;
const storePlace = useStorePlaces();

let names = 0;
async function projectOn(store: Store): Promise<{ services: Services; caller: Caller }> {
  const services = createServices(store, { jwt: TEST_JWT, rateLimit: NO_RATE_LIMIT });
  const slug = `n${++names}`;
  await services.tenancy.createNamespace({ slug, name: slug });
  const project = await services.tenancy.createProject(slug, { slug: 'p', name: 'p' });
  return { services, caller: { keyId: 'test', projectId: project.id, role: 'write', userId: null } };
}

const rows = (count: number, text: (n: number) => string): DatapointFields[] =>
  Array.from({ length: count }, (_, n) => ({ input: { n, text: text(n) }, metadata: { kind: n === 7 ? 'rare' : 'common' } }));

/** How many datapoints of the head a query keeps, and the first few of them. */
async function found(services: Services, caller: Caller, dataset: string, q: string) {
  const page = await services.datapoints.page(caller, dataset, { q, limit: 5 });
  return { ranked: page.ranked, first: page.data.map((d) => (JSON.parse(d.input) as { n: number }).n) };
}

describe(`search indexing behind the commits (${DIALECT})`, () => {
  it('resumes where it stopped when the store is opened again', async () => {
    const { open } = storePlace();
    let store = await open({ indexInBackground: false });
    const { services, caller } = await projectOn(store);
    const ds = await services.datasets.create(caller, { name: 'restarted' });
    await services.versions.commit(caller, ds.id, { add: rows(1200, (n) => `row ${n} of many`) }, LIMITS.batchMax);
    const unindexed = await found(services, caller, ds.id, 'many');
    expect(await store.searchIndex.step()).toBe(true);
    expect((await services.datasets.get(caller, ds.id)).indexed_version).toBe(0);
    await store.close();

    store = await open({ indexInBackground: false });
    const reopened = createServices(store, { jwt: TEST_JWT, rateLimit: NO_RATE_LIMIT });
    expect(await found(reopened, caller, ds.id, 'many')).toEqual(unindexed);
    await store.searchIndex.drain();
    expect((await reopened.datasets.get(caller, ds.id)).indexed_version).toBe(1);
    expect(await found(reopened, caller, ds.id, 'many')).toEqual(unindexed);
    expect(await found(reopened, caller, ds.id, '1199')).toEqual({ ranked: true, first: [1199] });
    await store.close();
  });

  it('serves a metadata equality from its index once the rows are indexed', async () => {
    const store = await storePlace().open({ indexInBackground: false });
    const { services, caller } = await projectOn(store);
    const ds = await services.datasets.create(caller, { name: 'metadata' });
    await services.versions.commit(caller, ds.id, { add: rows(6000, (n) => `row ${n}`) }, LIMITS.batchMax);
    const filter: DatapointFilter = {
      filters: [{ target: { kind: 'json', field: 'metadata', path: ['kind'] }, operator: 'equals', value: 'rare' }],
    };
    const page = async () =>
      (
        await services.datapoints.page(caller, ds.id, {
          filters: [{ key: 'metadata.kind', operator: 'equals', value: 'rare' }],
          limit: 5,
        })
      ).data.map((d) => (JSON.parse(d.input) as { n: number }).n);

    // Every row not indexed yet is a candidate: too many to read by row id, so the walk checks them.
    expect((await planListing(store, ds.seq, filter)).selective).toBeUndefined();
    expect(await page()).toEqual([7]);
    await store.searchIndex.drain();
    const listing = await planListing(store, ds.seq, filter);
    expect(listing.selective).toBe(true);
    expect(await page()).toEqual([7]);
    await store.close();
  });

  it('forgets what it indexed of rows that are deleted', async () => {
    const store = await storePlace().open({ indexInBackground: false });
    const { services, caller } = await projectOn(store);
    const ds = await services.datasets.create(caller, { name: 'purged' });
    await services.versions.commit(caller, ds.id, { add: rows(3, (n) => `gone ${n}`) }, LIMITS.batchMax);
    await store.searchIndex.drain();
    const indexed = async () => {
      const { rows: counted } = await sql<{ n: number }>`select count(*) as n from search_text`.execute(store.db);
      return Number(counted[0].n);
    };
    expect(await indexed()).toBe(3);
    await store.transaction(({ db }) => db.deleteFrom('datapoints').where('dataset_seq', '=', ds.seq).execute());
    expect(await indexed()).toBe(0);
    await store.close();
  });

  it.runIf(url)('shares the work between instances on one database, each row indexed once', async () => {
    const { open } = storePlace();
    const first = await open({ indexInBackground: false });
    const second = await open({ indexInBackground: false, migrate: false });
    const { services, caller } = await projectOn(first);
    for (const name of ['a', 'b', 'c']) {
      const ds = await services.datasets.create(caller, { name });
      for (let i = 0; i < 3; i++) await services.versions.commit(caller, ds.id, { add: rows(700, (n) => `${name} ${n}`) }, LIMITS.batchMax);
    }
    await Promise.all([first.searchIndex.drain(), second.searchIndex.drain()]);
    const { rows: counted } = await sql<{ indexed: number; rows: number; backlog: number }>`select
      (select count(*) from search_text)::int as indexed, (select count(*) from datapoints)::int as rows,
      (select count(*) from search_backlog)::int as backlog`.execute(first.db);
    expect(counted[0]).toEqual({ indexed: 6300, rows: 6300, backlog: 0 });
    await second.close();
    await first.close();
  });

  it('moves the datapoints of a store made before it onto indexing behind the commits', async () => {
    const place = storePlace();
    const raw = await place.raw();
    await migrateTo(raw, DIALECT, '0019_langsmith', place.schema);
    const at = new Date().toISOString();
    await raw.insertInto('namespaces').values({ id: 'n-old', slug: 'old', name: 'old', created_at: at }).execute();
    await raw.insertInto('projects').values({ id: 'p-old', namespace_id: 'n-old', slug: 'p', name: 'p', created_at: at }).execute();
    const { seq } = await raw
      .insertInto('datasets')
      .values({
        id: '00000000-0000-4000-8000-000000000001',
        project_id: 'p-old',
        name: 'old',
        type: 'custom',
        tags: '[]',
        metadata: '{}',
        head_version: 1,
        datapoint_count: 3,
        created_at: at,
        updated_at: at,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    const row = (n: number) => ({
      dataset_seq: seq,
      id: `00000000-0000-4000-8000-00000000010${n}`,
      seq: n,
      valid_from: 1,
      valid_to: 2_147_483_647,
      ord: n,
      input: JSON.stringify({ n, text: `legacy row ${n}` }),
      expected_output: 'null',
      output: 'null',
      context: 'null',
      tags: '[]',
      splits: '[]',
      metadata: JSON.stringify({ kind: n === 2 ? 'rare' : 'common' }),
      created_at: at,
      updated_at: at,
    });
    await raw
      .insertInto('datapoints')
      .values([row(1), row(2), row(3)])
      .execute();
    await raw.destroy();

    const store = await place.open({ indexInBackground: false });
    const services = createServices(store, { jwt: TEST_JWT, rateLimit: NO_RATE_LIMIT });
    const caller: Caller = { keyId: 'test', projectId: 'p-old', role: 'write', userId: null };
    const id = '00000000-0000-4000-8000-000000000001';
    const rare = async () =>
      (await services.datapoints.page(caller, id, { filters: [{ key: 'metadata.kind', operator: 'equals', value: 'rare' }], limit: 5 }))
        .data.length;
    expect((await services.datasets.get(caller, id)).indexed_version).toBe(0);
    const before = [await found(services, caller, id, 'legacy'), await found(services, caller, id, 'legac*'), await rare()];
    expect(before).toEqual([{ ranked: true, first: [1, 2, 3] }, { ranked: true, first: [1, 2, 3] }, 1]);
    await store.searchIndex.drain();
    expect((await services.datasets.get(caller, id)).indexed_version).toBe(1);
    expect([await found(services, caller, id, 'legacy'), await found(services, caller, id, 'legac*'), await rare()]).toEqual(before);
    await store.close();
  });
});
