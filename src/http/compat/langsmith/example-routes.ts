import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../../domain/caller.js';
import type { Services } from '../../../domain/services.js';
import { LIMITS } from '../../../model/limits.js';
import type { FilterInput } from '../../../model/telemetry.js';
import { uuidOrNotFound } from '../path-ids.js';
import { attachmentsAfter, heldAttachments, touchesAttachments } from './attachments.js';
import { changesBetween } from './changes.js';
import { examplesOf } from './example-parts.js';
import { filtersOf } from './filter.js';
import { partsOf } from './multipart.js';
import * as s from './schemas.js';
import { choiceOf, exampleIn, exampleMetadataListing, exampleOut, objectParam } from './wire.js';

const tags = ['compat: langsmith'];
const datasetId = (id: string) => uuidOrNotFound(id, 'dataset');
const exampleId = (id: string) => uuidOrNotFound(id, 'example');
const multipart = { content: { 'multipart/form-data': { schema: s.Multipart } } } as never;

type Needs = Pick<Services, 'versions' | 'datapoints' | 'datapointOffsets' | 'datapointLookup' | 'attachments'>;

/** Where this request came to: attachments' links that are paths are made absolute on it. */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** LangSmith's examples: datapoints, written as multipart upserts (each write a new version) and read by offset. */
export const exampleRoutes =
  ({ versions, datapoints, datapointOffsets, datapointLookup, attachments }: Needs): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** The ids of the datapoints a version added, in the order they were sent (their sequence numbers follow it). */
    const addedIn = async (caller: Caller, id: string, version: number) =>
      (await changesBetween(datapoints, caller, id, version - 1, version)).filter((c) => c.change === 'added').map((c) => c.id);

    /** Removes these examples from the heads of the datasets holding them (one version each). */
    const remove = async (caller: Caller, ids: string[]) => {
      for (const [dataset, held] of await datapointLookup.byDataset(caller, ids.map(exampleId)))
        await versions.commit(caller, dataset, { delete: held }, LIMITS.batchMax);
    };

    app.post(
      '/v1/platform/datasets/:dataset_id/examples',
      {
        schema: {
          tags,
          summary: 'Add examples',
          operationId: 'langsmithCreateExamples',
          description:
            'A multipart body of examples (`<id>`, `<id>.inputs`, `<id>.outputs`, `<id>.attachment.<name>`), added as one new version. ' +
            "Each attachment part (its Content-Type the file's media type) is stored as an attachment of the key's project, named by the " +
            'example. The server gives each example its id: `example_ids` lists them in the order sent, `as_of` is the time of the version. ' +
            'A refused attachment (over DATASHELF_ATTACHMENT_MAX_BYTES: 413) writes nothing.',
          params: s.DatasetParams,
          body: multipart,
          response: { 201: s.Upserted },
        },
      },
      async (request, reply) => {
        const id = datasetId(request.params.dataset_id);
        const examples = examplesOf(partsOf(request.body));
        const named = await attachmentsAfter(
          attachments,
          request.caller,
          examples.map((e) => ({ ...e, held: {} })),
        );
        const add = examples.map((e, i) => ({ ...exampleIn(e), ...(named[i] && { attachments: named[i] }) }));
        const made = await versions.commit(request.caller, id, { add }, LIMITS.batchMax);
        const ids = await addedIn(request.caller, id, made.version);
        return reply.code(201).send({ example_ids: ids, count: ids.length, as_of: made.created_at });
      },
    );

    app.patch(
      '/v1/platform/datasets/:dataset_id/examples',
      {
        schema: {
          tags,
          summary: 'Change examples',
          operationId: 'langsmithUpdateExamples',
          description:
            'A multipart body of example changes, by id; only the parts sent change. One new version. Attachment parts add files or ' +
            'take the place of those of the same name. With `<id>.attachments_operations` (`{rename: {old: new}, retain: [names]}`) ' +
            'only the attachments retained or renamed are kept; naming one the example does not have is 422. Without it, those it ' +
            'has are kept.',
          params: s.DatasetParams,
          body: multipart,
          response: { 200: s.Upserted, 409: s.Detail },
        },
      },
      async (request) => {
        const id = datasetId(request.params.dataset_id);
        const examples = examplesOf(partsOf(request.body)).map((e) => ({ ...e, id: exampleId(e.id) }));
        const touched = examples.filter(touchesAttachments).map((e) => e.id);
        const { version, held } = await heldAttachments(datapointOffsets, request.caller, id, touched);
        const named = await attachmentsAfter(
          attachments,
          request.caller,
          examples.map((e) => ({ ...e, held: held.get(e.id) ?? {} })),
        );
        const update = examples.map((e, i) => ({ id: e.id, ...exampleIn(e), ...(named[i] && { attachments: named[i] }) }));
        const made = await versions.commit(request.caller, id, { update, base_version: version }, LIMITS.batchMax);
        return { example_ids: update.map((u) => u.id), count: update.length, as_of: made.created_at };
      },
    );

    app.get(
      '/examples',
      {
        schema: {
          tags,
          summary: 'List examples',
          operationId: 'langsmithListExamples',
          description:
            'The examples of `dataset` (or those named by `id`) as of a version (`as_of`: a time, a tag, or latest), in datapoint order, by offset and limit. ' +
            '`splits` keeps those in any of them, `metadata` (a JSON object) those whose metadata holds each key and value, `filter` those its filter keeps.',
          querystring: s.ExampleQuery,
          response: { 200: Type.Array(s.Example), 404: s.Detail },
        },
      },
      async (request) => {
        const q = request.query;
        const metadata = exampleMetadataListing(objectParam(q.metadata, 'metadata'));
        const filters: FilterInput[] = [...metadata.filters, ...(q.filter ? filtersOf(q.filter) : [])];
        const page = async (dataset: string, ids: string[] | undefined, offset: number, limit: number) => {
          const idIn = ids ? [{ key: 'id', operator: 'in' as const, value: ids }] : [];
          const listing = { split: metadata.split, splits: q.splits, filters: [...filters, ...idIn] };
          const { items } = await datapointOffsets.page(request.caller, dataset, { choice: choiceOf(q.as_of), listing, offset, limit });
          return items.map((d) => exampleOut(d, dataset, originOf(request)));
        };
        if (q.dataset !== undefined) return page(datasetId(q.dataset), q.id, q.offset, q.limit);
        const held = await datapointLookup.byDataset(request.caller, (q.id ?? []).map(exampleId));
        const all = [];
        for (const [dataset, ids] of held) all.push(...(await page(dataset, ids, 0, ids.length)));
        return all.slice(q.offset, q.offset + q.limit);
      },
    );

    app.delete(
      '/examples',
      {
        schema: {
          tags,
          summary: 'Delete examples',
          operationId: 'langsmithDeleteExamples',
          description: 'Removes the examples named by `example_ids` from the next version of their datasets; earlier versions keep them.',
          querystring: s.ExampleIdsQuery,
          response: { 204: Type.Null(), 404: s.Detail },
        },
      },
      async (request, reply) => {
        await remove(request.caller, request.query.example_ids);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/platform/datasets/examples/delete',
      {
        schema: {
          tags,
          summary: 'Delete examples (hard delete)',
          operationId: 'langsmithHardDeleteExamples',
          description:
            'Removes the examples from the next version of their datasets. Versions are immutable: earlier versions keep them, `hard_delete` or not.',
          body: s.ExamplesDelete,
          response: { 204: Type.Null(), 404: s.Detail },
        },
      },
      async (request, reply) => {
        await remove(request.caller, request.body.example_ids);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/examples/:example_id',
      {
        schema: {
          tags,
          summary: 'Get an example',
          operationId: 'langsmithGetExample',
          description: 'An example of the head of its dataset.',
          params: s.ExampleParams,
          response: { 200: s.Example },
        },
      },
      async (request) => {
        const id = exampleId(request.params.example_id);
        const dataset = await datapointLookup.datasetOf(request.caller, id);
        return exampleOut(await datapoints.get(request.caller, dataset, id), dataset, originOf(request));
      },
    );

    app.patch(
      '/examples/:example_id',
      {
        schema: {
          tags,
          summary: 'Change an example',
          operationId: 'langsmithUpdateExample',
          description: 'Changes only the fields sent, as a new version of its dataset; returns the example as it then is.',
          params: s.ExampleParams,
          body: s.ExampleUpdate,
          response: { 200: s.Example },
        },
      },
      async (request) => {
        const id = exampleId(request.params.example_id);
        const dataset = await datapointLookup.datasetOf(request.caller, id);
        const made = await versions.commit(request.caller, dataset, { update: [{ id, ...exampleIn(request.body) }] }, LIMITS.batchMax);
        return exampleOut(await datapoints.get(request.caller, dataset, id, { version: made.version }), dataset, originOf(request));
      },
    );

    app.delete(
      '/examples/:example_id',
      {
        schema: {
          tags,
          summary: 'Delete an example',
          operationId: 'langsmithDeleteExample',
          description: 'Removes the example from the next version of its dataset; earlier versions keep it.',
          params: s.ExampleParams,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await remove(request.caller, [request.params.example_id]);
        return reply.code(204).send(null);
      },
    );
  };
