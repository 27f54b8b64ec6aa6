// A first session: create a dataset, import a file, page through it, fix a row, diff.
// Run: DATASHELF_URL=http://127.0.0.1:8080 DATASHELF_KEY=… npx tsx examples/first-session.ts rows.jsonl
import { openAsBlob } from 'node:fs';
import { Datashelf, collect, type Datapoint } from '@datashelf/client';

const shelf = new Datashelf({ url: process.env.DATASHELF_URL!, key: process.env.DATASHELF_KEY! });
const dataset = await shelf.datasets.create({ name: `qa-${Date.now()}`, tags: ['eval'] });

// Stream the file up; rows keyed by external_id can be upserted later.
const file = (await openAsBlob(process.argv[2])).stream();
const imported = await shelf.importFile(dataset.id, file, { format: 'jsonl', message: 'first import' });
console.log(`version ${imported.version}: ${imported.added} datapoints`);

// Page through every datapoint; the iterator fetches pages as the loop needs them.
const unanswered: Datapoint[] = [];
for await (const datapoint of shelf.datapoints.list(dataset.id)) {
  if (datapoint.expected_output === null) unanswered.push(datapoint);
}
console.log(`${unanswered.length} without an expected output`);

// Answer them in one commit, then see what changed.
const update = unanswered.map((d) => ({ id: d.id, expected_output: 'TODO: review' }));
const version = await shelf.versions.commit(dataset.id, { message: 'mark for review', update });
for (const change of await collect(shelf.diff(dataset.id, 1, version.version))) {
  console.log(`${change.change} ${change.after?.external_id ?? change.id}`);
}
