import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/domain/services.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Caller } from '../../src/domain/caller.js';
import { openTestServices } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The import service as the routes use it. On PostgreSQL imports run on a worker thread
 * with connections of its own (ImportThread): these check what must survive the trip
 * there and back: results, domain errors with their issues, a body failing on this
 * thread, imports running at once, and a thread closed and started again.
 */
let services: Services;
let caller: Caller;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ services, caller, close } = await openTestServices());
});
afterAll(() => close());

let n = 0;
const newDataset = () => services.datasets.create(caller, { name: `d${++n}` });

/** A body of JSON lines, in chunks that split lines. */
async function* lines(count: number, from = 0): AsyncIterable<Buffer> {
  const text = Array.from({ length: count }, (_, i) => JSON.stringify({ input: `row ${from + i}` }) + '\n').join('');
  for (let at = 0; at < text.length; at += 1000) yield Buffer.from(text.slice(at, at + 1000));
}

const importLines = (datasetId: string, body: AsyncIterable<Buffer>) =>
  services.imports.import(caller, datasetId, body, { format: 'jsonl', mode: 'add' });

async function inputs(datasetId: string): Promise<unknown[]> {
  const page = await services.datapoints.page(caller, datasetId, { limit: 1000 });
  return page.data.map((d) => JSON.parse(d.input) as unknown);
}

describe(`imports through the import service (${DIALECT})`, () => {
  it('runs imports at once, each into its own version', async () => {
    const [a, b] = [await newDataset(), await newDataset()];
    const [ra, rb] = await Promise.all([importLines(a.id, lines(700)), importLines(b.id, lines(300, 1000))]);
    expect([ra.added, ra.version, rb.added, rb.version]).toEqual([700, 1, 300, 1]);
    expect(await inputs(b.id)).toEqual(Array.from({ length: 300 }, (_, i) => `row ${1000 + i}`));
  });

  it('brings back a bad row as the domain error it is, naming the row, and stores nothing', async () => {
    const { id } = await newDataset();
    async function* body() {
      yield* lines(600);
      yield Buffer.from('{"input": 1, "order": "first"}\n');
    }
    const error: unknown = await importLines(id, body()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'validation_failed', issues: [{ field: 'line 601/order' }] });
    expect(await inputs(id)).toEqual([]);
  });

  it('fails with the body’s own error when the body fails part way, and stores nothing', async () => {
    const { id } = await newDataset();
    const tooLarge = new DomainError('payload_too_large', 'the body is larger than allowed');
    async function* body() {
      yield* lines(800);
      throw tooLarge;
    }
    await expect(importLines(id, body())).rejects.toBe(tooLarge);
    expect(await inputs(id)).toEqual([]);
  });

  it('imports again after the import thread was closed', async () => {
    const { id } = await newDataset();
    await services.imports.close();
    expect((await importLines(id, lines(5))).added).toBe(5);
    expect(await inputs(id)).toHaveLength(5);
  });
});
