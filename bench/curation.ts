import { benchServer, fmt, loadDataset, median, time, type BenchServer } from './lib.js';

async function call(server: BenchServer, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${server.key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed: unknown = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

const medianOf = async (rounds: number, fn: () => Promise<unknown>) => {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push((await time(fn))[0]);
  return median(times);
};

/**
 * Issue 15's figures on one large dataset: a 50-row page with a filter against the
 * unfiltered page (a common match and a rare one), tagging a version of the large
 * dataset against tagging a tiny one, and restoring a version 1,000 rows away against
 * committing those 1,000 rows.
 */
export async function curationBench(rows: number, rounds = 30): Promise<string[]> {
  const server = await benchServer();
  try {
    const big = await loadDataset(server, 'curate', rows);
    const tiny = await loadDataset(server, 'tiny', 10);
    // The search indexes are written behind the commits; the pages are measured once they have caught up.
    const [indexMs] = await time(() => server.store.searchIndex.drain());
    const page =
      (filters?: unknown[], extra = '') =>
      () =>
        call(
          server,
          'GET',
          `/v1/datasets/${big.id}/datapoints?limit=50${filters ? `&filters=${encodeURIComponent(JSON.stringify(filters))}` : ''}${extra}`,
        );
    const common = [{ key: 'input.question', operator: 'contains', value: 'question 1' }];
    const rare = [{ key: 'metadata.i', operator: 'equals', value: rows - 10 }];
    const plain = await medianOf(rounds, page());
    const commonMs = await medianOf(rounds, page(common));
    const rareMs = await medianOf(rounds, page(rare));
    const search = (q: string) => medianOf(rounds, page(undefined, `&q=${encodeURIComponent(q)}`));
    const searchRareMs = await search(`${rows - 10}`);
    const searchAllMs = await search('lorem');
    const prefixAllMs = await search('lor*');
    // The API guide's `refund polic*`: a word and a prefix, here both in every row.
    const wordPrefixMs = await search('lorem ipsu*');
    const prefixRareMs = await search(`${rows - 10}*`);

    let n = 0;
    const tag = (id: string) => () => call(server, 'PUT', `/v1/datasets/${id}/tags/t${n++ % 5}`, { version: 1 });
    const tagTiny = await medianOf(rounds, tag(tiny.id));
    const tagBig = await medianOf(rounds, tag(big.id));

    const first = (await call(server, 'GET', `/v1/datasets/${big.id}/datapoints?limit=1000`)).data as { id: string }[];
    const update = first.map((d) => ({ id: d.id, expected_output: 'changed' }));
    const [commitMs] = await time(() => call(server, 'POST', `/v1/datasets/${big.id}/versions`, { update }));
    const [restoreMs, restored] = await time(() => call(server, 'POST', `/v1/datasets/${big.id}/restore`, { version: 1 }));
    if (restored.updated !== 1000) throw new Error(`restore updated ${restored.updated}`);

    return [
      `curation on a ${rows}-datapoint dataset on ${server.store.dialect.name} (medians)`,
      `  page of 50, unfiltered:                      ${fmt(plain, 2)} ms`,
      `  page of 50, input.question contains (~11%):  ${fmt(commonMs, 2)} ms  ratio ${fmt(commonMs / plain)}x`,
      `  page of 50, metadata.i equals (1 row, last): ${fmt(rareMs, 2)} ms  ratio ${fmt(rareMs / plain)}x`,
      `  page of 50, q=<a number in 1 row>:           ${fmt(searchRareMs, 2)} ms  ratio ${fmt(searchRareMs / plain)}x`,
      `  page of 50, q=lorem (every row):             ${fmt(searchAllMs, 2)} ms  ratio ${fmt(searchAllMs / plain)}x`,
      `  page of 50, q=lor* (prefix, every row):      ${fmt(prefixAllMs, 2)} ms  ratio ${fmt(prefixAllMs / plain)}x`,
      `  page of 50, q=lorem ipsu* (every row):       ${fmt(wordPrefixMs, 2)} ms  ratio ${fmt(wordPrefixMs / plain)}x`,
      `  page of 50, q=<number>* (prefix, 1 row):     ${fmt(prefixRareMs, 2)} ms  ratio ${fmt(prefixRareMs / plain)}x`,
      `  search indexes caught up after the load in ${fmt(indexMs / 1000, 1)} s (${fmt(rows / (indexMs / 1000), 0)} rows/s)`,
      `  tag a version: large ${fmt(tagBig, 2)} ms vs 10 rows ${fmt(tagTiny, 2)} ms  ratio ${fmt(tagBig / tagTiny)}x`,
      `  restore 1,000 rows away ${fmt(restoreMs, 1)} ms vs commit of those rows ${fmt(commitMs, 1)} ms  ratio ${fmt(restoreMs / commitMs)}x`,
    ];
  } finally {
    await server.close();
  }
}
