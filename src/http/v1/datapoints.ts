import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Services } from '../../domain/services.js';
import { Datapoint, type Change } from '../../model/datapoints.js';
import { datapointJson } from '../../formats/datapoint-json.js';
import { filtersParam } from './filters-param.js';
import { LIMITS } from '../../model/limits.js';
import { CONTENT_TYPES, EXTENSIONS } from '../../formats/export.js';
import {
  DatapointGetQuery,
  DatapointHistoryPage,
  DatapointListQuery,
  DatapointPage,
  DatapointParams,
  Diff,
  DiffQuery,
  ExportFile,
  ExportQuery,
  IdParams,
  PageQuery,
  SplitCounts,
  SplitsQuery,
} from './schemas.js';

const tags = ['datapoints'];

export const datapointRoutes =
  ({ datapoints, exports }: Pick<Services, 'datapoints' | 'exports'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Datapoint bodies are written by hand from the stored JSON text (see datapointJson); the
    // schemas below still document them and feed the OpenAPI document.
    app.get(
      '/datasets/:id/datapoints',
      {
        schema: {
          tags,
          summary: 'List datapoints of a version',
          operationId: 'listDatapoints',
          description:
            `Cursor pages in datapoint order (order, then seq), or with \`q\` most relevant first when fewer than ${LIMITS.rankedMatchesMax.toLocaleString('en')} datapoints match ` +
            '(`ranked` says which; more are listed in datapoint order). Default version: the head; ' +
            'a cursor keeps the version it started on. The README states what each filter costs.',
          params: IdParams,
          querystring: DatapointListQuery,
          response: { 200: DatapointPage },
        },
      },
      async (request, reply) => {
        const { filters, ...query } = request.query;
        const page = await datapoints.page(request.caller, request.params.id, { ...query, filters: filtersParam(filters) });
        return sendRaw(
          reply,
          `{"version":${page.version},${page.ranked === undefined ? '' : `"ranked":${page.ranked},`}"data":[${page.data.map(datapointJson).join(',')}],"next_cursor":${JSON.stringify(page.next_cursor)}}`,
        );
      },
    );

    app.get(
      '/datasets/:id/datapoints/:datapoint_id',
      {
        schema: {
          tags,
          summary: 'Get a datapoint',
          operationId: 'getDatapoint',
          description:
            'One datapoint as it is in a version (a number or a tag; or `as_of` a time; default the head). A datapoint deleted before that version is 404.',
          params: DatapointParams,
          querystring: DatapointGetQuery,
          response: { 200: Datapoint },
        },
      },
      async (request, reply) => {
        const { id, datapoint_id } = request.params;
        return sendRaw(reply, datapointJson(await datapoints.get(request.caller, id, datapoint_id, request.query)));
      },
    );

    app.get(
      '/datasets/:id/datapoints/:datapoint_id/history',
      {
        schema: {
          tags,
          summary: "A datapoint's history",
          operationId: 'datapointHistory',
          description:
            'Every content the datapoint has had, newest first: each with `version` (the version that wrote it) and `until` (the version that changed or deleted it; null while it is current). Cursor pages.',
          params: DatapointParams,
          querystring: PageQuery,
          response: { 200: DatapointHistoryPage },
        },
      },
      async (request, reply) => {
        const { id, datapoint_id } = request.params;
        const page = await datapoints.history(request.caller, id, datapoint_id, request.query);
        const items = page.data.map((s) => `{"version":${s.record.version},"until":${s.until},"datapoint":${datapointJson(s.record)}}`);
        return sendRaw(reply, `{"data":[${items.join(',')}],"next_cursor":${JSON.stringify(page.next_cursor)}}`);
      },
    );

    app.get(
      '/datasets/:id/splits',
      {
        schema: {
          tags,
          summary: 'Count datapoints per split',
          operationId: 'countSplits',
          description:
            'How many datapoints of a version (a number or a tag, or `as_of`; default the head) are in each split, by split name. ' +
            'A datapoint in several splits counts in each; one in none counts in none. It reads the whole version.',
          params: IdParams,
          querystring: SplitsQuery,
          response: { 200: SplitCounts },
        },
      },
      async (request) => datapoints.splits(request.caller, request.params.id, request.query),
    );

    app.get(
      '/datasets/:id/diff',
      {
        schema: {
          tags,
          summary: 'Diff two versions',
          operationId: 'diffVersions',
          description:
            'The datapoints added, removed or changed going from version `from` to version `to` (numbers or tags), in cursor pages; ' +
            'with filters (`split`, `tag`, `q`, `filters`, …), only the datapoints they keep on either side. ' +
            "Then the files of the versions' trees that were added, removed or changed (`files`, in path order; filters do not apply to them). " +
            'A page may hold fewer than `limit` changes; follow `next_cursor` until it is null.',
          params: IdParams,
          querystring: DiffQuery,
          response: { 200: Diff },
        },
      },
      async (request, reply) => {
        const { from, to, filters, ...page } = request.query;
        const diff = await datapoints.diff(request.caller, request.params.id, from, to, { ...page, filters: filtersParam(filters) });
        return sendRaw(
          reply,
          `{"from":${diff.from},"to":${diff.to},"data":[${diff.data.map(changeJson).join(',')}],"files":${JSON.stringify(diff.files)},"next_cursor":${JSON.stringify(diff.next_cursor)}}`,
        );
      },
    );

    app.get(
      '/datasets/:id/export',
      {
        schema: {
          tags,
          summary: 'Export a version as JSONL, CSV, Parquet or OpenAI chat JSONL',
          operationId: 'exportDataset',
          description:
            'Streams every datapoint of the version (default: head) that the filters keep, in order; the dataset is never held in memory. ' +
            'JSONL and CSV and Parquet import again exactly (see the README, "Exporting"); `openai` writes `{"messages": [...]}` fine-tuning examples.',
          params: IdParams,
          querystring: ExportQuery,
          response: { 200: ExportFile },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { format, version: asked, as_of, filters, ...filter } = request.query;
        const listing = { ...filter, filters: filtersParam(filters) };
        const { version, stream } = await exports.export(request.caller, id, { version: asked, as_of }, listing, format);
        return reply
          .type(CONTENT_TYPES[format])
          .header('content-disposition', `attachment; filename="${id}-v${version}.${EXTENSIONS[format]}"`)
          .send(stream);
      },
    );
  };

/** Sends JSON text that is already serialised; Fastify passes strings through unchanged. */
function sendRaw(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').send(json);
}

function changeJson(c: Change): string {
  const side = (d: Change['before']) => (d ? datapointJson(d) : 'null');
  return `{"change":"${c.change}","id":"${c.id}","before":${side(c.before)},"after":${side(c.after)}}`;
}
