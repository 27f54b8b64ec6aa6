import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'langsmith';
import { evaluate } from 'langsmith/evaluation';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { all, langsmithClient, statusOf } from './langsmith-client.js';

/**
 * Example attachments through the real `langsmith` package: files sent with examples
 * become datashelf attachments the datapoints name, and come back as signed links the
 * SDK (and a target under evaluate()) downloads without a key.
 */

const MAX_BYTES = 4096;
const server = useServer({ attachmentMaxBytes: MAX_BYTES });
let p: ProjectKeys;
let client: Client;

/** A small PNG as far as its signature goes, and random bytes after it: what matters is that they come back equal. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(600)]);
const NOTES = new TextEncoder().encode('the cat sits on the mat\n');
const sha = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

const v1 = async (path: string, key = p.read) => (await server.request('GET', path, { key })).body;
/** The bytes behind a link, fetched as the SDK and its users do: no key. */
const bytesAt = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
};

let datasetId: string;
let ids: string[];

beforeAll(async () => {
  p = await server.project('ls-attach');
  client = langsmithClient(server.url, p.write);
  datasetId = (await client.createDataset('pictures')).id;
  const made = await client.createExamples([
    {
      dataset_id: datasetId,
      inputs: { question: 'what is on the mat?' },
      outputs: { answer: 'a cat' },
      attachments: { image: ['image/png', PNG], notes: { mimeType: 'text/plain', data: NOTES } },
    },
    { dataset_id: datasetId, inputs: { question: 'and here?' }, attachments: { image: ['image/png', PNG] } },
    { dataset_id: datasetId, inputs: { question: 'none' } },
  ]);
  ids = made.map((e) => e.id);
});

describe(`langsmith SDK: example attachments (${DIALECT})`, () => {
  it('keeps the files an example is created with, and gives them back as links that download the same bytes', async () => {
    const listed = await all(client.listExamples({ datasetId }));
    expect(listed.map((e) => e.id)).toEqual(ids);
    const [first, second, third] = listed;
    expect(Object.keys(first.attachments ?? {}).sort()).toEqual(['image', 'notes']);
    expect(first.attachments?.image.mime_type).toBe('image/png');
    expect(first.attachments?.notes.mime_type).toBe('text/plain');
    expect(await bytesAt(first.attachments!.image.presigned_url)).toEqual(PNG);
    expect(await bytesAt(first.attachments!.notes.presigned_url)).toEqual(NOTES);
    expect(await bytesAt(second.attachments!.image.presigned_url)).toEqual(PNG);
    expect(third.attachments).toBeUndefined();

    const read = await client.readExample(ids[0]);
    expect(await bytesAt(read.attachments!.notes.presigned_url)).toEqual(NOTES);

    // One version made them all; /v1 shows each file by name, stored once however many examples name it.
    expect((await v1(`/v1/datasets/${datasetId}`)).head_version).toBe(1);
    const native = (await v1(`/v1/datasets/${datasetId}/datapoints`)).data;
    expect(native[0].attachments.image).toMatchObject({ id: sha(PNG), mime_type: 'image/png', size: PNG.length });
    expect(native[0].attachments.notes).toMatchObject({ id: sha(NOTES), mime_type: 'text/plain', size: NOTES.length });
    expect(native[1].attachments.image.id).toBe(sha(PNG));
    expect(native[2].attachments).toEqual({});
  });

  it('renames, keeps, drops and replaces attachments on update, in one new version, leaving the earlier one as it was', async () => {
    const replaced = new TextEncoder().encode('a dog now');
    await client.updateExamplesMultipart(datasetId, [
      // Operations given: only what they retain or rename stays, so `notes` goes.
      { id: ids[0], attachments_operations: { rename: { image: 'photo' }, retain: [] } },
      // No operations: what the example has stays, and a file of the same name takes its place.
      { id: ids[1], attachments: { notes: ['text/plain', replaced] } },
    ]);
    const [first, second] = await all(client.listExamples({ datasetId, exampleIds: ids.slice(0, 2) }));
    expect(Object.keys(first.attachments ?? {})).toEqual(['photo']);
    expect(await bytesAt(first.attachments!.photo.presigned_url)).toEqual(PNG);
    expect(Object.keys(second.attachments ?? {}).sort()).toEqual(['image', 'notes']);
    expect(await bytesAt(second.attachments!.notes.presigned_url)).toEqual(replaced);

    await client.updateExamplesMultipart(datasetId, [
      { id: ids[1], attachments: { image: ['image/png', replaced] }, attachments_operations: { retain: ['image'] } },
    ]);
    const again = await client.readExample(ids[1]);
    expect(Object.keys(again.attachments ?? {})).toEqual(['image']);
    expect(await bytesAt(again.attachments!.image.presigned_url)).toEqual(replaced);

    // Changing the inputs alone keeps the files.
    await client.updateExample(ids[0], { inputs: { question: 'what is in the photo?' } });
    expect(Object.keys((await client.readExample(ids[0])).attachments ?? {})).toEqual(['photo']);

    expect((await v1(`/v1/datasets/${datasetId}`)).head_version).toBe(4);
    const names = async (version: number) =>
      (await v1(`/v1/datasets/${datasetId}/datapoints?version=${version}`)).data.map((d: any) => Object.keys(d.attachments).sort());
    expect(await names(1)).toEqual([['image', 'notes'], ['image'], []]);
    expect(await names(2)).toEqual([['photo'], ['image', 'notes'], []]);
    expect(await names(3)).toEqual([['photo'], ['image'], []]);
    const asBefore = await all(client.listExamples({ datasetId, asOf: (await v1(`/v1/datasets/${datasetId}/versions/1`)).created_at }));
    expect(await bytesAt(asBefore[0].attachments!.notes.presigned_url)).toEqual(NOTES);
  });

  it('refuses operations naming an attachment the example does not have, and writes nothing', async () => {
    const head = (await v1(`/v1/datasets/${datasetId}`)).head_version;
    const refused = client.updateExamplesMultipart(datasetId, [{ id: ids[2], attachments_operations: { retain: ['ghost'] } }]);
    expect(await statusOf(refused)).toBe(422);
    expect((await v1(`/v1/datasets/${datasetId}`)).head_version).toBe(head);
  });

  it("refuses a file over the size limit in LangSmith's shape, and stores nothing of the write", async () => {
    const head = (await v1(`/v1/datasets/${datasetId}`)).head_version;
    const small = new TextEncoder().encode('stored only if the whole write is');
    const response = await fetch(`${server.url}/compat/langsmith/v1/platform/datasets/${datasetId}/examples`, {
      method: 'POST',
      headers: { 'x-api-key': p.write },
      body: exampleForm([
        ['small', 'text/plain', small],
        ['large', 'application/octet-stream', randomBytes(MAX_BYTES + 1)],
      ]),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ detail: expect.stringMatching(/at most 4096 bytes/) });
    expect((await v1(`/v1/datasets/${datasetId}`)).head_version).toBe(head);
    expect((await server.request('GET', `/v1/attachments/${sha(small)}`, { key: p.read })).status).toBe(404);
  });

  it("hides the attachments from another project's key, and refuses a read-only key's writes", async () => {
    const other = langsmithClient(server.url, (await server.project('ls-attach-other')).write);
    expect(await statusOf(other.readExample(ids[0]))).toBe(404);
    expect(await statusOf(all(other.listExamples({ datasetId })))).toBe(404);
    expect(
      (await server.request('GET', `/v1/attachments/${sha(PNG)}`, { key: (await server.project('ls-attach-third')).read })).status,
    ).toBe(404);

    const reader = langsmithClient(server.url, p.read);
    const head = (await v1(`/v1/datasets/${datasetId}`)).head_version;
    const attach = { dataset_id: datasetId, inputs: { q: 'x' }, attachments: { image: ['image/png', PNG] as [string, Uint8Array] } };
    expect(await statusOf(reader.createExamples([attach]))).toBe(403);
    expect(await statusOf(reader.updateExamplesMultipart(datasetId, [{ id: ids[0], attachments_operations: { retain: [] } }]))).toBe(403);
    expect((await v1(`/v1/datasets/${datasetId}`)).head_version).toBe(head);
  });

  it('passes the attachments to the target of evaluate(), which reads them through their links', async () => {
    const results = await evaluate(
      async (_inputs: Record<string, unknown>, { attachments }: { attachments?: Record<string, { presigned_url: string }> } = {}) => ({
        bytes: Object.fromEntries(
          await Promise.all(Object.entries(attachments ?? {}).map(async ([name, a]) => [name, (await bytesAt(a.presigned_url)).length])),
        ),
      }),
      { data: 'pictures', client, includeAttachments: true, evaluators: [] },
    );
    const seen = results.results.map((r) => r.run.outputs?.bytes).sort((a, b) => Object.keys(b).length - Object.keys(a).length);
    expect(seen).toEqual([{ photo: PNG.length }, { image: 9 }, {}]);
  });
});

/** A multipart body of one example with these files, as the SDK would send it. */
function exampleForm(files: [name: string, type: string, data: Uint8Array][]): FormData {
  const form = new FormData();
  const id = crypto.randomUUID();
  form.append(id, new Blob([JSON.stringify({})], { type: 'application/json' }));
  form.append(`${id}.inputs`, new Blob([JSON.stringify({ q: 'too large' })], { type: 'application/json' }));
  for (const [name, type, data] of files) form.append(`${id}.attachment.${name}`, new Blob([data], { type }));
  return form;
}
