import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, type Page } from '../test/helpers/chromium.js';
import { writeJsonl } from './files.js';
import { fmt, median } from './lib.js';
import { serverProcess, upload, type ServerProcess } from './server-process.js';

async function dataset(server: ServerProcess, name: string, rows: number): Promise<string> {
  const res = await fetch(`${server.url}/v1/datasets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const { id } = (await res.json()) as { id: string };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ui-bench-')), 'rows.jsonl');
  await writeJsonl(file, rows);
  const imported = await upload(server, `/v1/datasets/${id}/imports`, file, 'application/x-ndjson');
  if (imported.status !== 201) throw new Error(`import: ${JSON.stringify(imported.body)}`);
  fs.rmSync(path.dirname(file), { recursive: true });
  return id;
}

interface Feel {
  /** From navigation to the first row on screen, ms. */
  firstRows: number;
  /** The longest the main thread was busy (long tasks) while scrolling, ms. */
  longestTask: number;
  /** The longest a 10 ms timer was held up while scrolling: how long input would have waited, ms. */
  longestLag: number;
  /** Pages of rows read while scrolling (by cursor, or by position after the jump to the end). */
  pages: number;
}

const api = async <T>(server: ServerProcess, method: string, route: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

/** Two runs over the first `items` datapoints of a dataset, scored on one metric: the second regresses a third of them. */
async function twoRuns(server: ServerProcess, datasetId: string, items: number): Promise<[string, string]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  while (ids.length < items) {
    const query: string = `limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { data: { id: string }[]; next_cursor: string | null } = await api(
      server,
      'GET',
      `/v1/datasets/${datasetId}/datapoints?${query}`,
    );
    ids.push(...page.data.map((d) => d.id));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  const metric = (await api<{ id: string }>(server, 'POST', '/v1/metrics', { name: `quality-${items}` })).id;
  const runs: string[] = [];
  for (const [alias, drop] of [
    ['base', 0],
    ['head', 30],
  ] as const) {
    const run = await api<{ id: string }>(server, 'POST', '/v1/runs', {
      dataset_id: datasetId,
      run_type: 'DATASET',
      run_source: 'SDK',
      threshold: 50,
      alias,
    });
    for (let at = 0; at < ids.length; at += 5000) {
      const chunk = ids.slice(at, at + 5000);
      await api(server, 'POST', `/v1/runs/${run.id}/items`, {
        items: chunk.map((d, i) => ({ datapoint_id: d, output: `${alias} answer ${at + i}` })),
      });
      await api(
        server,
        'POST',
        `/v1/runs/${run.id}/evaluations`,
        chunk.map((d, i) => ({
          record_id: d,
          metric_id: metric,
          result: (((at + i) * 37) % 100) - ((at + i) % 3 === 0 ? drop : 0),
          threshold: 50,
        })),
      );
    }
    runs.push(run.id);
  }
  return [runs[0], runs[1]];
}

/** From navigation to the first compared item on screen, ms. */
async function firstCompared(page: Page, runs: [string, string]): Promise<number> {
  const started = performance.now();
  await page.goto(`/runs/compare?run=${runs[0]}&run=${runs[1]}`);
  await page.getByRole('article').first().waitFor();
  return performance.now() - started;
}

/** From navigation to the first row on screen, ms. */
async function firstRows(page: Page, id: string): Promise<number> {
  const started = performance.now();
  await page.goto(`/datasets/${id}/datapoints`);
  await page.getByRole('button', { name: 'Open datapoint 1', exact: true }).waitFor();
  return performance.now() - started;
}

/** Scrolls the datapoints page by wheel 60 times, watching the main thread. */
async function scrolling(page: Page, id: string): Promise<Omit<Feel, 'firstRows'>> {
  let pages = 0;
  const count = (r: { url: () => string }) => (/\/(datapoints|rows)\?/.test(r.url()) ? (pages += 1) : 0);
  page.on('request', count);
  await firstRows(page, id);
  await page.evaluate(() => {
    const w = globalThis as any;
    w.longest = { task: 0, lag: 0 };
    new w.PerformanceObserver((list: any) => {
      for (const e of list.getEntries()) w.longest.task = Math.max(w.longest.task, e.duration);
    }).observe({ type: 'longtask', buffered: false });
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.longest.lag = Math.max(w.longest.lag, now - last - 10);
      last = now;
    }, 10);
  });
  await page.getByTestId('dp-scroll').hover();
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, 3000);
    await page.waitForTimeout(30);
  }
  // Then a jump to the last row: its page is read by position.
  await page.getByTestId('dp-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await page.waitForTimeout(500);
  const longest = await page.evaluate(() => (globalThis as any).longest as { task: number; lag: number });
  page.off('request', count);
  return { longestTask: longest.task, longestLag: longest.lag, pages };
}

/** Median first-rows time of each dataset, measured in turns so both see the same machine. */
async function feel(page: Page, small: string, large: string, rounds = 7): Promise<[Feel, Feel]> {
  const times: [number[], number[]] = [[], []];
  await firstRows(page, small);
  for (let i = 0; i < rounds; i++) {
    times[0].push(await firstRows(page, small));
    times[1].push(await firstRows(page, large));
  }
  const base = { firstRows: median(times[0]), ...(await scrolling(page, small)) };
  const big = { firstRows: median(times[1]), ...(await scrolling(page, large)) };
  return [base, big];
}

/** The web UI on a large dataset against the same UI on a small one, in one run. */
export async function uiBench(rows: number): Promise<string[]> {
  const server = await serverProcess();
  const browser = await launchChromium();
  try {
    const small = await dataset(server, 'small', 1_000);
    const large = await dataset(server, 'large', rows);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url });
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('API key').fill(server.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Datasets' }).waitFor();
    const [base, big] = await feel(page, small, large);
    const compared = Math.min(10_000, Math.max(100, Math.round(rows / 100)));
    const [smallRuns, largeRuns] = [await twoRuns(server, small, 100), await twoRuns(server, large, compared)];
    await firstCompared(page, smallRuns);
    const comparing: [number[], number[]] = [[], []];
    for (let i = 0; i < 5; i++) {
      comparing[0].push(await firstCompared(page, smallRuns));
      comparing[1].push(await firstCompared(page, largeRuns));
    }
    const [cmpSmall, cmpLarge] = comparing.map(median);
    return [
      `ui (${rows.toLocaleString('en')} datapoints of ~1 KB; baseline: the same page on 1,000)`,
      `  first rows on screen (median of 7): ${fmt(big.firstRows, 0)} ms vs ${fmt(base.firstRows, 0)} ms = ${fmt(big.firstRows / base.firstRows)}x`,
      `  scrolling 60 wheel turns: longest task ${fmt(big.longestTask, 0)} ms vs ${fmt(base.longestTask, 0)} ms; longest input wait ${fmt(big.longestLag, 0)} ms vs ${fmt(base.longestLag, 0)} ms`,
      `  pages of 200 read by scrolling and one jump to the end: ${big.pages} vs ${base.pages}`,
      `  two runs of ${compared.toLocaleString('en')} items compared, first screen (median of 5): ${fmt(cmpLarge, 0)} ms vs ${fmt(cmpSmall, 0)} ms on 100 items = ${fmt(cmpLarge / cmpSmall)}x`,
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
