import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { png, wav, type Rgb } from '../helpers/media.js';
import { datasetWith, loadedWidth, mediaDuration, seriousViolations, upload, useBrowser } from './harness.js';

const h = useBrowser('attachments');
const WIDTHS = [1400, 390];

/** A PNG of one colour. */
const solid = (width: number, height: number, rgb: Rgb) => png(width, height, () => rgb);

const openRow = (page: Page, n: number) => page.getByRole('button', { name: `Open datapoint ${n}`, exact: true }).click();

describe.each(WIDTHS)('attachments in the review screen at %i px', (width) => {
  it('shows an image as a thumbnail and in the panel, a chat image part from it, and plays audio', async () => {
    const image = await upload(h, solid(40, 30, [200, 40, 40]), 'image/png', 'red.png');
    const audio = await upload(h, wav(0.5), 'audio/wav', 'tone.wav');
    const chat = {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What colour is this?' },
            { type: 'image_url', image_url: { url: 'attachment://image' } },
          ],
        },
      ],
    };
    const id = await datasetWith(h, `media-${width}`, [
      { input: chat, expected_output: 'red', external_id: 'picture', attachments: { image } },
      { input: 'What is this sound?', expected_output: 'a tone', external_id: 'sound', attachments: { audio } },
    ]);
    const page = await h.signedIn({ width });
    const media: { url: string; status: number }[] = [];
    page.on('response', (r) => r.url().includes('/content?') && media.push({ url: r.url(), status: r.status() }));
    await page.goto(`/datasets/${id}/datapoints`);
    await page.getByRole('button', { name: 'Open datapoint 1', exact: true }).waitFor();

    if (width > 600) {
      // The attachments column is among the first choice when the data has files.
      const thumb = page.locator('[role=rowgroup] [role=row]').first().locator('img.attachment-thumb');
      await expect.poll(() => loadedWidth(thumb)).toBe(40);
      expect(await page.locator('[role=rowgroup] [role=row]').nth(1).getByText('audio').count()).toBeGreaterThan(0);
    }

    await openRow(page, 1);
    const panel = page.getByRole('complementary', { name: 'Datapoint' });
    const large = panel.locator('figure img.attachment-image').first();
    await expect.poll(() => loadedWidth(large)).toBe(40);
    // Clicking the image opens it at full size, by its signed link.
    expect(await panel.locator('figure a').first().getAttribute('href')).toBe(await large.getAttribute('src'));
    const inChat = panel.getByRole('list', { name: 'Conversation' }).locator('img.chat-image').first();
    await expect.poll(() => loadedWidth(inChat)).toBe(40);
    expect(await panel.getByText('red.png · image/png').count()).toBeGreaterThan(0);

    await openRow(page, 2);
    const player = panel.locator('audio');
    await player.waitFor();
    expect(await mediaDuration(player)).toBeCloseTo(0.5, 1);
    const src = await player.getAttribute('src');
    const statuses = media.filter((m) => m.url.endsWith(src!)).map((m) => m.status);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 206)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('attaches a file chosen in the editor and commits it as a new version', async () => {
    const first = await upload(h, solid(8, 8, [0, 0, 200]), 'image/png', 'blue.png');
    const id = await datasetWith(h, `attach-${width}`, [
      { input: 'Which picture is this?', external_id: 'pic', attachments: { image: first } },
    ]);
    const page = await h.signedIn({ width });
    await page.goto(`/datasets/${id}/datapoints`);
    await openRow(page, 1);
    const panel = page.getByRole('complementary', { name: 'Datapoint' });
    await panel.getByRole('button', { name: 'Edit' }).click();

    const bytes = solid(12, 6, [0, 160, 0]);
    await panel.getByLabel('Attachment name').fill('photo');
    await panel
      .getByLabel('Add or replace a file (or drop one here)')
      .setInputFiles({ name: 'green.png', mimeType: 'image/png', buffer: bytes });
    await panel.getByRole('button', { name: 'Remove photo' }).waitFor();
    expect(await panel.getByRole('group', { name: 'Attachments' }).textContent()).toContain('green.png · image/png');
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Keep in draft' }).click();
    await page.getByLabel('Commit message').fill('add a photo');
    await page.getByRole('button', { name: 'Commit' }).click();
    await page.getByText('Committed version 2: 0 added, 1 updated, 0 deleted.').waitFor();

    const [datapoint] = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data;
    expect(datapoint.version).toBe(2);
    expect(datapoint.attachments.image.id).toBe(first);
    expect(datapoint.attachments.photo).toMatchObject({
      id: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
      mime_type: 'image/png',
      filename: 'green.png',
      size: bytes.length,
    });
  });
});

describe('other kinds of attachment', () => {
  it('opens a PDF in a frame, and offers any other file as a download with its name and type', async () => {
    const pdf = await upload(h, Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf', 'terms.pdf');
    const csv = await upload(h, Buffer.from('a,b\n1,2\n'), 'text/csv', 'table.csv');
    const id = await datasetWith(h, 'documents', [{ input: 'Summarise the terms.', attachments: { terms: pdf, table: csv } }]);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/datapoints`);
    await openRow(page, 1);
    const panel = page.getByRole('complementary', { name: 'Datapoint' });
    const frame = panel.locator('iframe[title="terms (terms.pdf)"]');
    await frame.waitFor();
    const served = await page.request.get((await frame.getAttribute('src'))!);
    expect([served.status(), served.headers()['content-type']]).toEqual([200, 'application/pdf']);
    const download = panel.getByRole('link', { name: /^table: table\.csv · text\/csv/ });
    expect(await download.getAttribute('download')).toBe('table.csv');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('attachments in the run views', () => {
  it("shows an item's image on the run's page, not its id", async () => {
    const image = await upload(h, solid(16, 16, [240, 200, 0]), 'image/png', 'yellow.png');
    const id = await datasetWith(h, 'run-media', [{ input: 'What colour?', external_id: 'yellow', attachments: { image } }]);
    const [dp] = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data;
    const run = (
      await h.api('POST', '/v1/runs', { dataset_id: id, run_type: 'DATASET', run_source: 'SDK', threshold: 50, alias: 'vision' })
    ).body.id;
    await h.api('POST', `/v1/runs/${run}/items`, { items: [{ datapoint_id: dp.id, output: 'yellow' }] });
    const page = await h.signedIn();
    await page.goto(`/runs/${run}`);
    const item = page.getByRole('article', { name: 'Item yellow' });
    await expect.poll(() => loadedWidth(item.getByRole('region', { name: 'Attachments' }).locator('img'))).toBe(16);
    expect(await item.textContent()).not.toContain('sha256:');
  });
});
