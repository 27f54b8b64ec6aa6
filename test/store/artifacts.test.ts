import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactSort } from '../../src/domain/artifacts.js';
import { createServices, type Services } from '../../src/domain/services.js';
import type { Store } from '../../src/store/store.js';
import type { Caller } from '../../src/domain/caller.js';
import { NO_RATE_LIMIT, TEST_JWT } from '../helpers/server.js';
import { DIALECT, openTestStore } from '../helpers/store.js';

let store: Store;
let services: Services;
let n = 0;

beforeAll(async () => {
  store = await openTestStore();
  services = createServices(store, { jwt: TEST_JWT, rateLimit: NO_RATE_LIMIT });
  await services.tenancy.createNamespace({ slug: 'ns', name: 'ns' });
});
afterAll(() => store.close());

const callerIn = (projectId: string): Caller => ({ keyId: 'test', projectId, role: 'write', userId: null });

const artifact = (projectId: string, path: string) =>
  services.datasets.create(callerIn(projectId), { name: `a${++n}`, type: n % 2 ? 'lerobot_v3' : 'sarm_progress', path });

describe(`artifact cursors under concurrent inserts (${DIALECT})`, () => {
  it('visit every artifact present at the start exactly once, whatever is inserted meanwhile', async () => {
    const pathChar = fc.constantFrom('a', 'b', 'm', 'x', 'z', '0', '9');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: pathChar, minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 12 }),
        fc.array(fc.array(fc.string({ unit: pathChar, minLength: 1, maxLength: 3 }), { maxLength: 3 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<ArtifactSort>('newest', 'oldest', 'updated', 'name'),
        async (initial, insertsBetweenPages, limit, sort) => {
          const project = await services.tenancy.createProject('ns', { slug: `p${++n}`, name: 'p' });
          const before = new Set<string>();
          for (const name of initial) before.add((await artifact(project.id, `org/${name}`)).id);
          const seen: string[] = [];
          let cursor: string | undefined;
          for (let hop = 0; hop < 100; hop++) {
            const page = await services.artifacts.list(callerIn(project.id), { sort, limit, cursor });
            seen.push(...page.items.map((i) => i.id));
            for (const name of insertsBetweenPages[hop] ?? []) await artifact(project.id, `org/${name}`);
            if (!page.has_next) break;
            cursor = page.end_cursor!;
          }
          expect(new Set(seen).size).toBe(seen.length);
          for (const id of before) expect(seen).toContain(id);
        },
      ),
      { numRuns: 40 },
    );
  });
});
