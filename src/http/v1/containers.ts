import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError } from '../../domain/errors.js';
import { LIMITS } from '../../domain/limits.js';
import { projectOf } from '../../domain/caller.js';
import type { Services } from '../../domain/services.js';
import type { Event, EventInput } from '../../domain/telemetry.js';
import { registerNdjsonParser } from '../body.js';
import { Page, PageQuery, problems } from './schemas/common.js';
import * as s from './schemas/telemetry.js';

const tags = ['telemetry'];

/** Telemetry containers and their inference events, the material datasets are cut from. */
export const containerRoutes = (services: Services): FastifyPluginAsyncTypebox => async (app) => {
  const { telemetry } = services;
  registerNdjsonParser(app, s.EventIn);

  app.post('/containers', {
    schema: { tags, summary: 'Create a container', body: s.ContainerCreate, response: { 201: s.Container, ...problems(401, 403, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await telemetry.createContainer(projectOf(request.caller), request.body)));

  app.get('/containers', {
    schema: { tags, summary: 'List containers', querystring: PageQuery, response: { 200: Page(s.Container), ...problems(400, 401, 422) } },
  }, async (request) => telemetry.listContainers(projectOf(request.caller), request.query));

  app.get('/containers/:id', {
    schema: { tags, summary: 'Get a container (by id or label)', params: s.ContainerParams, response: { 200: s.Container, ...problems(401, 404) } },
  }, async (request) => telemetry.container(projectOf(request.caller), request.params.id));

  app.post('/containers/:id/events', {
    schema: {
      tags,
      summary: 'Record inference events',
      description: 'A JSON array (at most 10,000) or an NDJSON stream of events. Atomic: a bad line or item stores nothing.',
      params: s.ContainerParams,
      body: {
        content: {
          'application/json': { schema: Type.Array(s.EventIn, { maxItems: LIMITS.batchMax }) },
          'application/x-ndjson': { schema: Type.Object({ items: Type.Array(Type.Unknown()) }, { description: 'one event per line' }) },
        },
      } as never,
      response: { 201: s.Inserted, ...problems(400, 401, 403, 404, 413, 415, 422) },
    },
  }, async (request, reply) => {
    const body = request.body as EventInput[] | { items: EventInput[] };
    const events = Array.isArray(body) ? body : body.items;
    return reply.code(201).send(await telemetry.ingest(projectOf(request.caller), request.params.id, events));
  });

  app.get('/containers/:id/events', {
    schema: {
      tags,
      summary: 'List events, newest first, filtered',
      description: '`filters` is a JSON array of {key, operator, value}, the same language datasets are cut with.',
      params: s.ContainerParams,
      querystring: s.EventsQuery,
      response: { 200: Page(s.Event), ...problems(400, 401, 404, 422) },
    },
  }, async (request, reply) => {
    const { filters, ...page } = request.query;
    const result = await telemetry.events(projectOf(request.caller), request.params.id, { ...page, filters: filtersParam(filters) });
    const body = `{"data":[${result.data.map(eventJson).join(',')}],"next_cursor":${JSON.stringify(result.next_cursor)}}`;
    return reply.type('application/json; charset=utf-8').send(body as never);
  });
};

function filtersParam(raw: string | undefined): never[] | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new DomainError('bad_request', 'filters must be a JSON array of {key, operator, value}');
  }
  if (!Array.isArray(parsed)) throw new DomainError('bad_request', 'filters must be a JSON array of {key, operator, value}');
  return parsed as never[];
}

function eventJson(e: Event): string {
  const str = JSON.stringify;
  return `{"id":${str(e.id)},"model_name":${str(e.model_name)},"status":${str(e.status)},"input":${e.input},"output":${e.output},` +
    `"latency_ms":${str(e.latency_ms)},"input_tokens":${str(e.input_tokens)},"output_tokens":${str(e.output_tokens)},` +
    `"created_at":${str(e.created_at)},"attributes":${e.attributes}}`;
}
