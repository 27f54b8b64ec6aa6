import { type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Change } from '../../domain/datapoints.js';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import { datapointJson } from '../../formats/datapoint-json.js';
import { CONTENT_TYPES, exportStream } from '../../formats/export.js';
import { IdParams, problems } from './schemas/common.js';
import * as s from './schemas/datapoints.js';

const tags = ['datapoints'];

export const datapointRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { datapoints } = services;

  // Datapoint bodies are written by hand from the stored JSON text (see datapointJson); the
  // schemas below still document them and feed the OpenAPI document.
  app.get('/datasets/:id/datapoints', {
    schema: {
      tags,
      summary: 'List datapoints of a version',
      description: 'Cursor pages in datapoint order (order, then seq). Default version: the head; a cursor keeps the version it started on.',
      params: IdParams,
      querystring: s.DatapointListQuery,
      response: { 200: s.DatapointPage, ...problems(400, 401, 404, 422) },
    },
  }, async (request, reply) => {
    const page = await datapoints.page(projectOf(request.caller), request.params.id, request.query);
    const body = `{"version":${page.version},"data":[${page.data.map(datapointJson).join(',')}],"next_cursor":${JSON.stringify(page.next_cursor)}}`;
    return sendRaw(reply, body);
  });

  app.get('/datasets/:id/datapoints/:datapoint_id', {
    schema: { tags, summary: 'Get a datapoint', params: s.DatapointParams, querystring: s.DatapointGetQuery, response: { 200: s.Datapoint, ...problems(401, 404, 422) } },
  }, async (request, reply) => {
    const { id, datapoint_id } = request.params;
    const datapoint = await datapoints.get(projectOf(request.caller), id, datapoint_id, request.query.version);
    return sendRaw(reply, datapointJson(datapoint));
  });

  app.get('/datasets/:id/diff', {
    schema: {
      tags,
      summary: 'Diff two versions',
      description: 'The datapoints added, removed or changed going from version `from` to version `to`, in cursor pages.',
      params: IdParams,
      querystring: s.DiffQuery,
      response: { 200: s.Diff, ...problems(400, 401, 404, 422) },
    },
  }, async (request, reply) => {
    const { from, to, ...page } = request.query;
    const diff = await datapoints.diff(projectOf(request.caller), request.params.id, from, to, page);
    const body = `{"from":${diff.from},"to":${diff.to},"data":[${diff.data.map(changeJson).join(',')}],"next_cursor":${JSON.stringify(diff.next_cursor)}}`;
    return sendRaw(reply, body);
  });

  app.get('/datasets/:id/export', {
    schema: {
      tags,
      summary: 'Export a version as JSONL or CSV',
      description: 'Streams every datapoint of the version (default: head) in order; the dataset is never held in memory.',
      params: IdParams,
      querystring: s.ExportQuery,
      response: { ...problems(401, 404, 422) },
    },
  }, async (request, reply) => {
    const projectId = projectOf(request.caller);
    const { id } = request.params;
    const { format } = request.query;
    const version = await datapoints.resolveVersion(projectId, id, request.query.version);
    return reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${id}-v${version}.${format}"`)
      .send(exportStream(datapoints.export(projectId, id, version), format));
  });
};

/** Sends JSON text that is already serialised; Fastify passes strings through unchanged. */
function sendRaw(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').send(json as never);
}

function changeJson(c: Change): string {
  const side = (d: Change['before']) => (d ? datapointJson(d) : 'null');
  return `{"change":"${c.change}","id":"${c.id}","before":${side(c.before)},"after":${side(c.after)}}`;
}
