/**
 * Writes screenshots of the web UI's main pages into docs/screenshots/ (the README shows
 * them): the built server on a fresh store, seeded with a small demo project, in
 * Debian's headless Chromium. `npm run build && npx tsx scripts/screenshots.ts`.
 */
import { collect, Datashelf } from '../clients/typescript/src/index.js';
import { launchChromium, type Page } from '../test/helpers/chromium.js';
import { png, wav, type Rgb } from '../test/helpers/media.js';
import { processEnv, projectOn, startProcess } from '../test/helpers/process.js';

const ADMIN = 'screenshots-admin-key-0123456789abcdef';
const OUT = 'docs/screenshots';
const QUESTIONS = [
  ['How long do refunds take?', 'Refunds reach the card in 5 to 10 business days.'],
  ['Can I change my delivery address?', 'Yes, until the parcel ships: Orders → Edit address.'],
  ['Do you ship to Norway?', 'Yes, with duties paid at checkout.'],
  ['What is the warranty on headphones?', 'Two years from delivery.'],
  ['How do I reset my password?', 'Use "Forgot password" on the sign-in page.'],
  ['Is there a student discount?', 'Ten percent with a verified student email.'],
];

const PRODUCTS: [string, Rgb][] = [
  ['red mug', [200, 50, 50]],
  ['blue kettle', [40, 90, 200]],
  ['green teapot', [40, 150, 80]],
  ['yellow bowl', [230, 190, 40]],
  ['purple vase', [130, 70, 170]],
];

/** A product photo stand-in: a disc of the product's colour on a soft gradient. */
const photo = ([r, g, b]: Rgb) =>
  png(160, 120, (x, y) => {
    const inside = (x - 80) ** 2 + (y - 60) ** 2 < 42 ** 2;
    const shade = 235 - Math.round(y / 4);
    return inside ? [r, g, b] : [shade, shade, shade + 10];
  });

/** A catalogue of product photos (and one spoken description) with their captions. */
async function seedPhotos(client: Datashelf) {
  const photos = await client.datasets.create({ name: 'product-photos', tags: ['vision'] });
  const add = [];
  for (const [name, rgb] of PRODUCTS) {
    const image = await client.uploadAttachment(photo(rgb), { mimeType: 'image/png', filename: `${name.replace(' ', '-')}.png` });
    add.push({
      input: `Describe the ${name} for the shop page.`,
      expected_output: `A ${name}, glazed, 30 cl.`,
      attachments: { image: image.id },
    });
  }
  const audio = await client.uploadAttachment(wav(2, 330), { mimeType: 'audio/wav', filename: 'description.wav' });
  add.push({ input: 'Transcribe the spoken description.', expected_output: 'A hand-made teapot.', attachments: { audio: audio.id } });
  await client.versions.commit(photos.id, { add, message: 'photos from the studio' });
  return { photos: photos.id, photoIds: (await collect(client.datapoints.list(photos.id))).map((d) => d.id) };
}

async function seed(url: string, key: string) {
  const client = new Datashelf({ url, key });
  const description =
    '# Support answers\n\nThe **golden set** for the support assistant: questions from real tickets, answers approved by the support team.\n\n- `test` split: release gate\n- `train` split: few-shot examples';
  const { id } = await client.datasets.create({ name: 'support-golden', description, tags: ['support', 'golden'] });
  const add = Array.from({ length: 240 }, (_, i) => {
    const [q, a] = QUESTIONS[i % QUESTIONS.length];
    return {
      input: { question: q, locale: ['en', 'de', 'fr'][i % 3] },
      expected_output: a,
      persona: i % 2 ? 'customer' : 'reseller',
      tags: [i % 4 ? 'billing' : 'shipping'],
      source: 'seed' as const,
      splits: [i % 5 ? 'train' : 'test'],
    };
  });
  await client.versions.commit(id, { add, message: 'first 240 approved answers' });
  const rows = await collect(client.datapoints.list(id));
  await client.versions.commit(id, {
    message: 'refund wording from legal',
    update: [{ id: rows[0].id, expected_output: 'Refunds reach the original payment method within 10 business days.' }],
    delete: [rows[2].id],
  });
  await client.tags.set(id, 'prod', 2);
  for (const name of ['shipping-edge-cases', 'tone-of-voice', 'returns-de']) await client.datasets.create({ name, tags: ['support'] });

  const ids = rows.slice(3, 43).map((d) => d.id);
  const answers = rows.slice(3, 43).map((d) => String(d.expected_output));
  const metric = await client.transport.json<{ id: string }>('POST', '/v1/metrics', { json: { name: 'correctness' } });
  const runs: string[] = [];
  for (const [alias, shift] of [
    ['gpt-4o baseline', 0],
    ['new prompt v7', 1],
  ] as const) {
    const run = await client.runs.create({
      dataset_id: id,
      run_type: 'DATASET',
      run_source: 'SDK',
      threshold: 50,
      alias,
      model_slug: 'gpt-4o',
    });
    await client.runs.writeItems(
      run.id,
      ids.map((d, i) => ({
        datapoint_id: d,
        output: shift && i % 3 === 0 ? answers[i].replace(/\.$/, ', but only for orders placed online.') : answers[i],
        latency_ms: 300 + i * 7,
      })),
    );
    await client.runs.evaluate(
      run.id,
      ids.map((d, i) => ({
        record_id: d,
        metric_id: metric.id,
        result: Math.min(100, Math.max(0, ((i * 37) % 100) + shift * (i % 3 ? 9 : -30))),
        threshold: 50,
        explanation: shift && i % 3 === 0 ? 'Adds a condition the reference answer does not have.' : 'Matches the reference answer.',
      })),
    );
    runs.push(run.id);
  }

  await client.transport.json('POST', '/v1/containers', { json: { label: 'support-bot-prod' } });
  const events = Array.from({ length: 60 }, (_, i) => ({
    model_name: i % 3 ? 'gpt-4o-mini' : 'gpt-4o',
    status: i % 7 ? 'ok' : 'error',
    input: { question: QUESTIONS[i % QUESTIONS.length][0] },
    output: QUESTIONS[i % QUESTIONS.length][1],
    latency_ms: 200 + ((i * 53) % 900),
    created_at: new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString(),
    attributes: { customer: { tier: i % 2 ? 'gold' : 'free' } },
  }));
  await client.transport.json('POST', '/v1/containers/support-bot-prod/events', { json: events });
  const chats = await client.datasets.create({ name: 'support-chats', tags: ['support', 'chat'] });
  const chatRows = Array.from({ length: 60 }, (_, i) => {
    const [q, a] = QUESTIONS[i % QUESTIONS.length];
    return {
      external_id: `ticket-${4100 + i}`,
      input: {
        messages: [
          { role: 'system', content: 'You are the support assistant of an online shop. Use the tools to look orders up.' },
          { role: 'user', content: q },
          ...(i % 2
            ? [
                {
                  role: 'assistant',
                  content: null,
                  tool_calls: [
                    { id: `call_${i}`, type: 'function', function: { name: 'lookup_order', arguments: `{"order_id":"A-${1000 + i}"}` } },
                  ],
                },
                { role: 'tool', tool_call_id: `call_${i}`, content: '{"status":"shipped","carrier":"DHL"}' },
              ]
            : []),
        ],
      },
      expected_output: { role: 'assistant', content: a },
      metadata: { channel: ['email', 'chat', 'phone'][i % 3], difficulty: ['easy', 'hard'][i % 2] },
      splits: [i % 5 ? 'train' : 'test'],
    };
  });
  await client.versions.commit(chats.id, { add: chatRows, message: 'tickets from November' });
  const chatIds = await collect(client.datapoints.list(chats.id));
  await client.reviews.create(chats.id, chatIds[1].id, { state: 'needs_fix', comment: 'The answer should name the carrier.' });
  await client.reviews.create(chats.id, chatIds[0].id, { state: 'approved' });
  return { id, runs, chats: chats.id, chatIds: chatIds.map((d) => d.id), ...(await seedPhotos(client)) };
}

async function shoot(page: Page, name: string, path: string, ready: (page: Page) => Promise<unknown>) {
  await page.goto(path);
  await ready(page);
  await page.screenshot({ path: `${OUT}/${name}.png` });
  process.stdout.write(`${OUT}/${name}.png\n`);
}

const { env, cleanup } = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0' });
const server = await startProcess(env);
const browser = await launchChromium();
try {
  const key = await projectOn(server.url, ADMIN, 'acme');
  const { id, runs, chats, chatIds, photos, photoIds } = await seed(server.url, key);
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.url })).newPage();
  await page.goto('/signin');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Datasets' }).waitFor();
  await shoot(page, 'datasets', '/datasets', (p) => p.getByRole('link', { name: 'support-golden' }).waitFor());
  await shoot(page, 'dataset-card', `/datasets/${id}`, (p) => p.getByRole('heading', { name: 'Support answers' }).waitFor());
  await shoot(page, 'datapoints', `/datasets/${chats}/datapoints?open=${chatIds[1]}`, async (p) => {
    await p.getByRole('complementary', { name: 'Datapoint' }).getByRole('list', { name: 'Conversation' }).first().waitFor();
  });
  await shoot(page, 'attachments', `/datasets/${photos}/datapoints?open=${photoIds[1]}`, async (p) => {
    const large = p.getByRole('complementary', { name: 'Datapoint' }).locator('figure img').first();
    await large.waitFor();
    await large.scrollIntoViewIfNeeded();
    // Every thumbnail and the photo drawn, not still loading.
    await p.waitForFunction('[...document.images].every((i) => i.complete && i.naturalWidth > 0)');
  });
  await shoot(page, 'attachment-editor', `/datasets/${photos}/datapoints?open=${photoIds[5]}`, async (p) => {
    const panel = p.getByRole('complementary', { name: 'Datapoint' });
    await panel.locator('audio').waitFor();
    await panel.getByRole('button', { name: 'Edit' }).click();
    await panel.getByLabel('Attachment name').fill('photo');
    await panel.getByLabel('Add or replace a file (or drop one here)').setInputFiles({
      name: 'teapot.png',
      mimeType: 'image/png',
      buffer: photo(PRODUCTS[2][1]),
    });
    await panel.getByRole('button', { name: 'Remove photo' }).waitFor();
    await panel.getByRole('group', { name: 'Attachments' }).scrollIntoViewIfNeeded();
  });
  await shoot(page, 'review', `/datasets/${chats}/datapoints?review=needs_fix&open=${chatIds[1]}`, async (p) => {
    await p.getByRole('region', { name: 'Review' }).getByText(/^by /).waitFor();
  });
  await shoot(page, 'versions', `/datasets/${id}/versions`, (p) => p.getByRole('heading', { name: /^Version 2/ }).waitFor());
  await shoot(page, 'diff', `/datasets/${id}/diff?from=1&to=2`, (p) => p.getByRole('article').first().waitFor());
  await shoot(page, 'upload', `/datasets/${id}/upload`, async (p) => {
    const csv =
      'id,question,answer,labels\nT-1,Where is my parcel?,Track it under Orders.,shipping\nT-2,Can I pay by invoice?,"Yes, for business accounts.",billing|b2b\n';
    await p.getByLabel(/^File/).setInputFiles({ name: 'tickets.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.getByRole('heading', { name: 'First rows' }).waitFor();
  });
  await shoot(page, 'telemetry', '/telemetry/support-bot-prod', async (p) => {
    await p.getByRole('button', { name: 'Add filter' }).click();
    await p.getByLabel('Field 1').fill('attributes.customer.tier');
    await p.getByLabel('Value 1').fill('gold');
    await p.getByRole('button', { name: 'Preview' }).click();
    await p.getByText('30 events match.').waitFor();
  });
  await shoot(page, 'run-compare', `/runs/compare?run=${runs[0]}&run=${runs[1]}`, (p) => p.getByRole('article').first().waitFor());
  await shoot(page, 'run', `/runs/${runs[1]}`, (p) => p.getByRole('article').first().waitFor());
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 800 }, baseURL: server.url })).newPage();
  await phone.goto('/signin');
  await phone.getByLabel('API key').fill(key);
  await phone.getByRole('button', { name: 'Sign in' }).click();
  await phone.getByRole('heading', { name: 'Datasets' }).waitFor();
  await shoot(phone, 'datapoints-phone', `/datasets/${chats}/datapoints`, (p) =>
    p.getByRole('button', { name: 'Open datapoint 1', exact: true }).waitFor(),
  );
  await shoot(phone, 'run-compare-phone', `/runs/compare?run=${runs[0]}&run=${runs[1]}`, (p) => p.getByRole('article').first().waitFor());
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  await server.exited;
  await cleanup();
}
