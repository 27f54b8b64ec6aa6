import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniquely } from '../../src/domain/unique.js';
import { DomainError } from '../../src/domain/errors.js';
import { insertContainer } from '../../src/store/telemetry.js';
import { insertNamespace, insertProject } from '../../src/store/tenancy.js';
import { violatedUnique } from '../../src/store/unique.js';
import type { Store } from '../../src/store/store.js';
import { DIALECT, openTestStore } from '../helpers/store.js';

let store: Store;
let projectId: string;

beforeAll(async () => {
  store = await openTestStore();
  const at = new Date().toISOString();
  const namespace = { id: randomUUID(), slug: 'u', name: 'u', created_at: at };
  await insertNamespace(store, namespace);
  projectId = randomUUID();
  await insertProject(store, { id: projectId, namespace_id: namespace.id, slug: 'p', name: 'p', created_at: at });
});
afterAll(() => store.close());

const container = (label: string) =>
  insertContainer(store, { id: randomUUID(), project_id: projectId, label, created_at: new Date().toISOString() });
const failureOf = (write: () => Promise<unknown>) =>
  write().then(
    () => null,
    (error: unknown) => error,
  );

describe(`unique rules (${DIALECT})`, () => {
  it('names the rule a failed write broke', async () => {
    await container('one');
    expect(violatedUnique(store, await failureOf(() => container('one')))).toBe('container_label');
    const taken = await failureOf(() => insertNamespace(store, { id: randomUUID(), slug: 'u', name: 'again', created_at: '' }));
    expect(violatedUnique(store, taken)).toBe('namespace_slug');
    expect(violatedUnique(store, new Error('something else'))).toBeNull();
  });

  it('turns only the rules it is told about into a 409, and lets any other failure through', async () => {
    await container('two');
    const named = await failureOf(() => uniquely(store, { container_label: 'label taken' }, () => container('two')));
    expect(named).toBeInstanceOf(DomainError);
    expect(named).toMatchObject({ code: 'conflict', message: 'label taken' });
    const other = await failureOf(() => uniquely(store, { dataset_name: 'name taken' }, () => container('two')));
    expect(other).not.toBeInstanceOf(DomainError);
    expect(violatedUnique(store, other)).toBe('container_label');
  });
});
