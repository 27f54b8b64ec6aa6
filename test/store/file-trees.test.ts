import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/domain/services.js';
import type { Caller } from '../../src/domain/caller.js';
import { DomainError } from '../../src/domain/errors.js';
import type { ChangeSet } from '../../src/model/datapoints.js';
import { LIMITS } from '../../src/model/limits.js';
import { openTestServices } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

let services: Services;
let caller: Caller;
let close: () => Promise<void>;
/** Attachment ids the project holds, by a short name. */
const held: Record<string, string> = {};

beforeAll(async () => {
  ({ services, caller, close } = await openTestServices());
  for (const name of ['a', 'b', 'c']) {
    const sha256 = createHash('sha256').update(name).digest('hex');
    const { attachment } = await services.attachments.record(caller.projectId!, { sha256, size: 1 }, 'text/plain', null);
    held[name] = attachment.id;
  }
});
afterAll(() => close());

let n = 0;
const newDataset = () => services.datasets.create(caller, { name: `t${++n}` });
const commit = (datasetId: string, change: ChangeSet) => services.versions.commit(caller, datasetId, change, LIMITS.batchMax);

/** A version's tree as `path=attachment name`, walking pages of `limit`. */
async function treeAt(datasetId: string, version: number, limit: number): Promise<string[]> {
  const names = Object.fromEntries(Object.entries(held).map(([k, v]) => [v, k]));
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.fileTrees.list(caller, datasetId, { version, limit, cursor });
    out.push(...page.data.map((f) => `${f.path}=${names[f.attachment_id]}`));
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return out;
}

const PATHS = ['a.txt', 'meta/info.json', 'meta/episodes/e.parquet', 'videos/v.mp4', 'z'];

describe(`file trees through the one commit path (${DIALECT})`, () => {
  it('pins every version to its tree; restore brings any one back, diff names what differs', async () => {
    type Op = { path: number; put: 'a' | 'b' | 'c' | null };
    const op: fc.Arbitrary<Op> = fc.record({ path: fc.nat({ max: PATHS.length - 1 }), put: fc.constantFrom('a', 'b', 'c', null) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        async (commits, pick) => {
          const ds = await newDataset();
          const snapshots: Map<string, string>[] = [new Map()];
          for (const ops of commits) {
            const tree = new Map(snapshots[snapshots.length - 1]);
            const put: { path: string; attachment_id: string }[] = [];
            const del: string[] = [];
            for (const o of ops) {
              const path = PATHS[o.path];
              if (put.some((p) => p.path === path) || del.includes(path)) continue;
              if (o.put) {
                put.push({ path, attachment_id: held[o.put] });
                tree.set(path, o.put);
              } else if (tree.has(path)) {
                del.push(path);
                tree.delete(path);
              }
            }
            if (put.length + del.length === 0) continue;
            await commit(ds.id, { files: { put, delete: del } });
            snapshots.push(tree);
          }
          const render = (tree: Map<string, string>) => [...tree].map(([p, a]) => `${p}=${a}`).sort();
          for (let v = 0; v < snapshots.length; v++) expect(await treeAt(ds.id, v, 2)).toEqual(render(snapshots[v]));

          const head = snapshots.length - 1;
          const target = pick % snapshots.length;
          const diff = await services.datapoints.diff(caller, ds.id, target, head, { limit: 100 });
          const changed = PATHS.filter((p) => snapshots[target].get(p) !== snapshots[head].get(p));
          expect(diff.files.map((f) => f.path)).toEqual(changed.sort());

          if (target === head) return;
          const restored = await services.versions.restore(caller, ds.id, { version: target });
          expect(restored.file_count).toBe(snapshots[target].size);
          expect(await treeAt(ds.id, restored.version, 100)).toEqual(render(snapshots[target]));
          expect(await treeAt(ds.id, head, 100)).toEqual(render(snapshots[head]));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('refuses what a version cannot hold however it is called, changing nothing', async () => {
    const ds = await newDataset();
    const refusal = async (change: ChangeSet) => {
      const error = await commit(ds.id, change).catch((e: unknown) => e);
      return error instanceof DomainError ? error.code : error;
    };
    const many = Array.from({ length: LIMITS.fileChangesMax + 1 }, (_, i) => ({ path: `f${i}`, attachment_id: held.a }));
    expect(await refusal({ files: { put: many } })).toBe('payload_too_large');
    expect(await refusal({ files: { put: [{ path: '../up', attachment_id: held.a }] } })).toBe('validation_failed');
    expect(await refusal({ files: { put: [{ path: 'x', attachment_id: `sha256:${'f'.repeat(64)}` }] } })).toBe('not_found');
    expect(await refusal({ files: {} })).toBe('validation_failed');
    expect((await services.datasets.get(caller, ds.id)).head_version).toBe(0);
  });

  it('takes datapoints and files in one version, or neither', async () => {
    const ds = await newDataset();
    const refused = await commit(ds.id, { add: [{ input: 'kept?' }], files: { delete: ['absent'] } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    const both = await commit(ds.id, { replace: [{ input: 'q' }], files: { put: [{ path: 'p', attachment_id: held.b }] } });
    expect(both).toMatchObject({ version: 1, datapoint_count: 1, added: 1, file_count: 1, files_added: 1 });
  });
});
