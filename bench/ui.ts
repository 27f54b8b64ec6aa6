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
  loaded: number;
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
  const longest = await page.evaluate(() => (globalThis as any).longest as { task: number; lag: number });
  const loaded = Number(/([\d,]+) loaded/.exec((await page.getByText(/loaded/).textContent()) ?? '')?.[1].replace(/,/g, ''));
  return { longestTask: longest.task, longestLag: longest.lag, loaded };
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
    return [
      `ui (${rows.toLocaleString('en')} datapoints of ~1 KB; baseline: the same page on 1,000)`,
      `  first rows on screen (median of 7): ${fmt(big.firstRows, 0)} ms vs ${fmt(base.firstRows, 0)} ms = ${fmt(big.firstRows / base.firstRows)}x`,
      `  scrolling 60 wheel turns: longest task ${fmt(big.longestTask, 0)} ms vs ${fmt(base.longestTask, 0)} ms; longest input wait ${fmt(big.longestLag, 0)} ms vs ${fmt(base.longestLag, 0)} ms`,
      `  rows loaded by scrolling: ${big.loaded.toLocaleString('en')} (cursor pages of 200)`,
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
