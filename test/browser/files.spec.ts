import { describe, expect, it } from 'vitest';
import { png, wav } from '../helpers/media.js';
import { loadedWidth, mediaDuration, seriousViolations, upload, useBrowser } from './harness.js';

const h = useBrowser('files');

describe.each([1400, 390])("a dataset's files at %i px", (width) => {
  it('lists the tree of a version with sizes and download links, previews an image and audio in place, and diffs two trees', async () => {
    const info = await upload(h, Buffer.from('{"fps":30}'), 'application/json', 'info.json');
    const frame = await upload(
      h,
      png(24, 16, () => [10, 160, 40]),
      'image/png',
      'frame.png',
    );
    const sound = await upload(h, wav(0.25), 'audio/wav', 'clip.wav');
    const created = await h.api('POST', '/v1/datasets', { name: `robot-${width}` });
    const id = created.body.id as string;
    const put = [
      { path: 'meta/info.json', attachment_id: info },
      { path: 'images/frame-000.png', attachment_id: frame },
      { path: 'audio/clip.wav', attachment_id: sound },
    ];
    expect((await h.api('POST', `/v1/datasets/${id}/versions`, { files: { put } })).status).toBe(201);
    expect((await h.api('POST', `/v1/datasets/${id}/versions`, { files: { delete: ['audio/clip.wav'] } })).status).toBe(201);

    const page = await h.signedIn({ width });
    await page.goto(`/datasets/${id}`);
    await page.getByRole('navigation', { name: 'Dataset' }).getByRole('link', { name: 'Files' }).click();
    const rows = page.getByRole('table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.locator('code').allTextContents()).toEqual(['images/frame-000.png', 'meta/info.json']);
    expect(await rows.nth(1).textContent()).toContain('application/json');

    // The download link is the file's signed link: it serves the bytes without a key.
    const href = await page.getByRole('link', { name: 'Download meta/info.json' }).getAttribute('href');
    const served = await fetch(new URL(href!, h.url));
    expect(await served.text()).toBe('{"fps":30}');

    await page.getByRole('button', { name: 'Preview images/frame-000.png' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await expect.poll(() => loadedWidth(preview.locator('img.attachment-image'))).toBe(24);
    expect(await seriousViolations(page)).toEqual([]);

    // Version 1 still holds the audio file the head deleted.
    await page.getByLabel('Version').fill('1');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByRole('button', { name: 'Preview audio/clip.wav' }).click();
    const player = preview.locator('audio');
    await player.waitFor();
    expect(await mediaDuration(player)).toBeCloseTo(0.25, 1);

    await page.getByLabel('Path starts with').fill('meta/');
    await expect.poll(() => rows.locator('code').allTextContents()).toEqual(['meta/info.json']);

    // The diff of the two versions names the file the second removed.
    await page.goto(`/datasets/${id}/diff?from=1&to=2`);
    const counts = page.getByRole('status').filter({ hasText: 'files:' });
    await expect.poll(() => counts.textContent()).toContain('files: 0 added, 0 changed, 1 removed');
    const section = page.getByRole('region', { name: 'Files' });
    expect(await section.locator('tbody th code').allTextContents()).toEqual(['audio/clip.wav']);
    expect(await section.locator('td.before audio').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
