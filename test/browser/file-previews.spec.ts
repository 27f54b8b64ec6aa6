import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { seriousViolations, upload, useBrowser } from './harness.js';

const h = useBrowser('file-previews');

const EPISODES = 300;
const frames = Buffer.from(
  parquetWriteBuffer({
    columnData: [
      { name: 'episode_index', data: Int32Array.from({ length: EPISODES }, (_, i) => i), type: 'INT32' },
      { name: 'task', data: Array.from({ length: EPISODES }, (_, i) => `pick cube ${i}`), type: 'STRING' },
    ],
  }),
);
const info = Buffer.from(JSON.stringify({ codebase_version: 'v3.0', fps: 30 }));
/** Longer than a text preview reads. */
const episodes = Buffer.from(Array.from({ length: 3000 }, (_, i) => JSON.stringify({ episode_index: i, length: 250 })).join('\n'));

describe.each([1400, 390])("a files dataset's previews at %i px", (width) => {
  it('shows the first rows of a Parquet file read by ranges, and the start of JSON and JSON lines files', async () => {
    const put = [
      { path: 'data/chunk-000/file-000.parquet', attachment_id: await upload(h, frames, 'application/vnd.apache.parquet', 'f.parquet') },
      { path: 'meta/info.json', attachment_id: await upload(h, info, 'application/json', 'info.json') },
      { path: 'meta/episodes.jsonl', attachment_id: await upload(h, episodes, 'application/x-ndjson', 'episodes.jsonl') },
    ];
    const id = (await h.api('POST', '/v1/datasets', { name: `previews-${width}` })).body.id as string;
    expect((await h.api('POST', `/v1/datasets/${id}/versions`, { files: { put } })).status).toBe(201);

    const page = await h.signedIn({ width });
    const reads: Promise<{ url: string; range: string | null }>[] = [];
    page.on('request', (r) => reads.push(r.headerValue('range').then((range) => ({ url: r.url(), range }))));
    await page.goto(`/datasets/${id}/files`);
    const preview = page.getByRole('region', { name: 'Preview' });

    await page.getByRole('button', { name: 'Preview data/chunk-000/file-000.parquet' }).click();
    const table = preview.getByRole('table');
    await expect.poll(() => table.locator('caption').textContent()).toBe('data/chunk-000/file-000.parquet: the first 20 of 300 rows');
    expect(await table.locator('thead th').allTextContents()).toEqual(['episode_index', 'task']);
    expect(await table.locator('tbody tr').count()).toBe(20);
    expect(await table.locator('tbody tr').nth(7).locator('td').allTextContents()).toEqual(['7', 'pick cube 7']);
    const parquetUrl = await page.getByRole('link', { name: 'Download data/chunk-000/file-000.parquet' }).getAttribute('href');
    const parquetReads = (await Promise.all(reads)).filter((r) => r.url === new URL(parquetUrl!, h.url).href);
    expect(parquetReads.length).toBeGreaterThan(0);
    expect(parquetReads.every((r) => r.range?.startsWith('bytes='))).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Preview meta/info.json' }).click();
    const text = preview.getByLabel('Text of meta/info.json');
    await expect.poll(() => text.textContent()).toBe('{\n  "codebase_version": "v3.0",\n  "fps": 30\n}');

    await page.getByRole('button', { name: 'Preview meta/episodes.jsonl' }).click();
    const lines = preview.getByLabel('Text of meta/episodes.jsonl');
    await expect.poll(async () => (await lines.textContent())?.split('\n')[0]).toBe('{"episode_index":0,"length":250}');
    const shown = (await lines.textContent())!;
    expect(shown.length).toBe(64 * 1024);
    expect(episodes.toString().startsWith(shown)).toBe(true);
    expect(await preview.locator('figcaption').textContent()).toBe(
      `meta/episodes.jsonl: the first 66 kB of ${Math.round(episodes.length / 1e3)} kB`,
    );
    expect(await seriousViolations(page)).toEqual([]);
  });
});
