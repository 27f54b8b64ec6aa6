import { encodeCursor } from '../src/domain/cursor.js';
import { benchServer, fmt, loadDataset, median, time } from './lib.js';

/** (b) A page of 50 datapoints at the start of a large dataset, against one N rows deep by cursor. */
export async function deepPageBench(rows: number, rounds = 200): Promise<string[]> {
  const server = await benchServer();
  try {
    const ds = await loadDataset(server, 'deep', rows);
    const deepRow = await server.store.db
      .selectFrom('datapoints')
      .select(['ord', 'seq'])
      .where('dataset_seq', '=', ds.seq)
      .where('ord', '=', rows - 51)
      .executeTakeFirstOrThrow();
    const deepCursor = encodeCursor('dp', [1, deepRow.ord, deepRow.seq]);
    const headers = { authorization: `Bearer ${server.key}` };
    const get = async (cursor?: string) => {
      const res = await fetch(`${server.url}/v1/datasets/${ds.id}/datapoints?limit=50${cursor ? `&cursor=${cursor}` : ''}`, { headers });
      const body = (await res.json()) as { data: unknown[] };
      if (body.data.length !== 50) throw new Error(`expected 50 rows, got ${body.data.length}`);
    };
    for (let i = 0; i < 20; i++) await Promise.all([get(), get(deepCursor)]);
    const first: number[] = [];
    const deep: number[] = [];
    for (let i = 0; i < rounds; i++) {
      first.push((await time(() => get()))[0]);
      deep.push((await time(() => get(deepCursor)))[0]);
    }
    return [
      `datapoints page of 50 in a ${rows}-row dataset on ${server.store.dialect.name} (median of ${rounds})`,
      `  first page:        ${fmt(median(first), 3)} ms`,
      `  ${rows - 50} rows deep: ${fmt(median(deep), 3)} ms`,
      `  ratio deep / first: ${fmt(median(deep) / median(first))}x`,
    ];
  } finally {
    await server.close();
  }
}
