import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/domain/services.js';
import type { Caller } from '../../src/domain/caller.js';
import type { ChangeSet } from '../../src/model/datapoints.js';
import { LIMITS } from '../../src/model/limits.js';
import { openTestServices } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

let services: Services;
let caller: Caller;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ services, caller, close } = await openTestServices());
});
afterAll(() => close());

let n = 0;
const commit = (datasetId: string, change: ChangeSet) => services.versions.commit(caller, datasetId, change, LIMITS.batchMax);
const newDataset = () => services.datasets.create(caller, { name: `d${++n}` });

/** Every datapoint of a version, walking the cursor pages. */
async function allAt(datasetId: string, version?: number, limit = 3) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await services.datapoints.page(caller, datasetId, { version, limit, cursor });
    out.push(...page.data);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

describe(`copy-on-write versions (${DIALECT})`, () => {
  it('keeps every version readable as it was committed', async () => {
    const ds = await newDataset();
    const v1 = await commit(ds.id, { add: [{ input: 'a' }, { input: 'b' }, { input: 'c' }] });
    expect(v1).toMatchObject({ version: 1, added: 3, datapoint_count: 3 });
    const [a, b, c] = await allAt(ds.id);
    const v2 = await commit(ds.id, {
      message: 'edit',
      update: [{ id: b.id, input: 'B' }],
      delete: [c.id],
      add: [{ input: 'd' }],
    });
    expect(v2).toMatchObject({ version: 2, message: 'edit', added: 1, updated: 1, deleted: 1, datapoint_count: 3 });

    expect((await allAt(ds.id, 1)).map((d) => JSON.parse(d.input))).toEqual(['a', 'b', 'c']);
    const head = await allAt(ds.id);
    expect(head.map((d) => JSON.parse(d.input))).toEqual(['a', 'B', 'd']);
    expect(head[1]).toMatchObject({ id: b.id, seq: b.seq, version: 2, created_at: b.created_at });
    expect(head[0]).toMatchObject({ id: a.id, version: 1 });
    expect((await services.datasets.get(caller, ds.id)).head_version).toBe(2);
  });

  it('replace ends every live datapoint and starts the new set', async () => {
    const ds = await newDataset();
    await commit(ds.id, { add: [{ input: 1 }, { input: 2 }] });
    const v2 = await commit(ds.id, { replace: [{ input: 3 }] });
    expect(v2).toMatchObject({ added: 1, deleted: 2, datapoint_count: 1 });
    expect((await allAt(ds.id)).map((d) => d.input)).toEqual(['3']);
    expect((await allAt(ds.id, 1)).map((d) => d.input)).toEqual(['1', '2']);
  });

  it('stores nothing of a change that fails part way', async () => {
    const ds = await newDataset();
    await commit(ds.id, { add: [{ input: 1 }] });
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(commit(ds.id, { add: [{ input: 2 }], delete: [missing] })).rejects.toMatchObject({ code: 'not_found' });
    const after = await services.datasets.get(caller, ds.id);
    expect(after).toMatchObject({ head_version: 1, datapoint_count: 1 });
    expect((await allAt(ds.id)).map((d) => d.input)).toEqual(['1']);
    await expect(services.versions.get(caller, ds.id, 2)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses a stale base version, and lets exactly one of two racing commits win', async () => {
    const ds = await newDataset();
    await commit(ds.id, { add: [{ input: 0 }] });
    await expect(commit(ds.id, { base_version: 0, add: [{}] })).rejects.toMatchObject({ code: 'version_conflict' });
    const results = await Promise.allSettled([
      commit(ds.id, { base_version: 1, add: [{ input: 'x' }] }),
      commit(ds.id, { base_version: 1, add: [{ input: 'y' }] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => r.reason.code)).toEqual(['version_conflict']);
    expect((await services.datasets.get(caller, ds.id)).datapoint_count).toBe(2);
  });

  it('keeps a page cursor on the version it started on while new versions land', async () => {
    const ds = await newDataset();
    await commit(ds.id, { add: Array.from({ length: 5 }, (_, i) => ({ input: i })) });
    const first = await services.datapoints.page(caller, ds.id, { limit: 2 });
    await commit(ds.id, { replace: [{ input: 'new' }] });
    const second = await services.datapoints.page(caller, ds.id, { limit: 10, cursor: first.next_cursor! });
    expect(second.version).toBe(1);
    expect(second.data.map((d) => d.input)).toEqual(['2', '3', '4']);
  });

  it('diffs two versions by what changed', async () => {
    const ds = await newDataset();
    await commit(ds.id, { add: [{ input: 'keep' }, { input: 'edit' }, { input: 'drop' }] });
    const [, edit, drop] = await allAt(ds.id);
    await commit(ds.id, { update: [{ id: edit.id, input: 'edited' }], delete: [drop.id], add: [{ input: 'new' }] });
    const diff = await services.datapoints.diff(caller, ds.id, 1, 2, { limit: 50 });
    const byChange = Object.fromEntries(diff.data.map((c) => [c.change, c]));
    expect(diff.data).toHaveLength(3);
    expect(byChange.changed).toMatchObject({ id: edit.id });
    expect(byChange.changed.before?.input).toBe('"edit"');
    expect(byChange.changed.after?.input).toBe('"edited"');
    expect(byChange.removed).toMatchObject({ id: drop.id, after: null });
    expect(byChange.added.after?.input).toBe('"new"');
    const backwards = await services.datapoints.diff(caller, ds.id, 2, 1, { limit: 50 });
    expect(backwards.data.map((c) => c.change).sort()).toEqual(['added', 'changed', 'removed']);
    expect(backwards.data.find((c) => c.id === drop.id)?.change).toBe('added');
  });

  it('matches a model over random histories; old versions never change; pages return each row once', async () => {
    type Op =
      { kind: 'add'; n: number } | { kind: 'update'; pick: number } | { kind: 'delete'; pick: number } | { kind: 'replace'; n: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('update' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('replace' as const), n: fc.integer({ min: 0, max: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), async (ops, limit) => {
        const ds = await newDataset();
        const snapshots: string[][] = [[]];
        let model: { id: string; input: string }[] = [];
        let label = 0;
        for (const o of ops) {
          const value = `v${label++}`;
          let expected: string[];
          if (o.kind === 'add' || o.kind === 'replace') {
            const items = Array.from({ length: o.n }, (_, i) => ({ input: `${value}.${i}` }));
            if (o.kind === 'add' && items.length === 0) continue;
            await commit(ds.id, o.kind === 'add' ? { add: items } : { replace: items });
            expected = [...(o.kind === 'add' ? model.map((d) => d.input) : []), ...items.map((i) => i.input)];
          } else {
            if (model.length === 0) continue;
            const target = model[o.pick % model.length];
            await commit(ds.id, o.kind === 'update' ? { update: [{ id: target.id, input: value }] } : { delete: [target.id] });
            expected = model.flatMap((d) => (d.id !== target.id ? [d.input] : o.kind === 'update' ? [value] : []));
          }
          const head = (await allAt(ds.id, undefined, 100)).map((d) => ({ id: d.id, input: JSON.parse(d.input) as string }));
          expect(head.map((d) => d.input)).toEqual(expected);
          model = head;
          snapshots.push(model.map((d) => `${d.id}=${d.input}`));
        }
        const head = snapshots.length - 1;
        for (let v = 0; v <= head; v++) {
          const seen = (await allAt(ds.id, v, limit)).map((d) => `${d.id}=${JSON.parse(d.input)}`);
          expect(seen).toEqual(snapshots[v]);
          expect(new Set(seen).size).toBe(seen.length);
        }
      }),
      { numRuns: 15 },
    );
  });
});
