import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrateTo } from '../../src/store/migrate.js';
import { DIALECT } from '../helpers/store.js';
import { useStorePlaces } from '../helpers/store-places.js';

const storePlace = useStorePlaces();

describe(`migration 0024: each dataset one Hub repository (${DIALECT})`, () => {
  it("places datasets made before at their path's repository, unless that would make two one", async () => {
    const place = storePlace();
    const raw = await place.raw();
    await migrateTo(raw, DIALECT, '0023_dataset_files', place.schema);
    const at = new Date().toISOString();
    await raw.insertInto('namespaces').values({ id: 'n-old', slug: 'old', name: 'old', created_at: at }).execute();
    await raw.insertInto('projects').values({ id: 'p-old', namespace_id: 'n-old', slug: 'p', name: 'p', created_at: at }).execute();
    const dataset = (name: string, path: string | null, deleted = false) =>
      raw
        .insertInto('datasets')
        .values({
          id: randomUUID(),
          project_id: 'p-old',
          name,
          path,
          type: path ? 'lerobot_v3' : 'custom',
          tags: '[]',
          metadata: '{}',
          head_version: 0,
          datapoint_count: 0,
          created_at: at,
          updated_at: at,
          deleted_at: deleted ? at : null,
        })
        .execute();
    await dataset('plain', null);
    await dataset('arm', 'old/arm-v2');
    await dataset('label', 'elsewhere/label-x');
    await dataset('taken', null);
    await dataset('claimer', 'old/taken');
    await dataset('twin-1', 'old/twin');
    await dataset('twin-2', 'old/twin');
    await dataset('gone', 'old/plain', true);
    await migrateTo(raw, DIALECT, null, place.schema);

    const rows = await raw.selectFrom('datasets').select(['name', 'repo_name']).orderBy('seq').execute();
    expect(Object.fromEntries(rows.map((r) => [r.name, r.repo_name]))).toEqual({
      plain: 'plain',
      arm: 'arm-v2',
      label: 'label',
      taken: 'taken',
      claimer: 'claimer',
      'twin-1': 'twin-1',
      'twin-2': 'twin-2',
      gone: 'plain',
    });
    await raw.destroy();
  });
});
