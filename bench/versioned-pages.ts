import { benchServer, fmt, loadDataset, median, time } from './lib.js';

/** (versioned surface) page 1 against page 2,000 of a 200,000-datapoint dataset, 100 per page. */
export async function versionedPagesBench(rows: number, rounds = 200): Promise<string[]> {
  const server = await benchServer();
  try {
    const ds = await loadDataset(server, 'numbered', rows);
    const lastPage = Math.ceil(rows / 100);
    const headers = { authorization: `Bearer ${server.key}` };
    const get = async (page: number) => {
      const res = await fetch(`${server.url}/compat/versioned/api/datasets/${ds.id}/datapoints/?page=${page}`, { headers });
      const body = (await res.json()) as { results: unknown[] };
      if (res.status !== 200 || body.results.length === 0) throw new Error(`page ${page}: ${res.status}`);
    };
    const [coldMs] = await time(() => get(lastPage));
    for (let i = 0; i < 20; i++) await Promise.all([get(1), get(lastPage)]);
    const first: number[] = [];
    const second: number[] = [];
    const deep: number[] = [];
    for (let i = 0; i < rounds; i++) {
      first.push((await time(() => get(1)))[0]);
      second.push((await time(() => get(2)))[0]);
      deep.push((await time(() => get(lastPage)))[0]);
    }
    return [
      `/compat/versioned datapoints, ${rows} rows, 100 per page, on ${server.store.dialect.name} (median of ${rounds})`,
      `  first request (builds the page index): ${fmt(coldMs, 1)} ms`,
      `  page 1:     ${fmt(median(first), 3)} ms`,
      `  page 2:     ${fmt(median(second), 3)} ms`,
      `  page ${lastPage}: ${fmt(median(deep), 3)} ms`,
      `  ratio page ${lastPage} / page 1: ${fmt(median(deep) / median(first))}x`,
    ];
  } finally {
    await server.close();
  }
}
