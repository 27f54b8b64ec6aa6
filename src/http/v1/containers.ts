import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../domain/services.js';
import { LIMITS } from '../../model/limits.js';
import { Container, ContainerCreate, Event, EventCount, EventIn, type EventRecord } from '../../model/telemetry.js';
import { jsonOrNdjson, registerNdjsonParser } from '../body.js';
import { filtersParam } from './filters-param.js';
import { ContainerParams, EventCountQuery, EventsQuery, Inserted, NdjsonBody, Page, PageQuery, problems } from './schemas.js';

const tags = ['telemetry'];

/** Telemetry containers and their inference events, the material datasets are cut from. */
export const containerRoutes =
  ({ telemetry }: Pick<Services, 'telemetry'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerNdjsonParser(app, EventIn);

    app.post(
      '/containers',
      {
        schema: {
          tags,
          summary: 'Create a container',
          operationId: 'createContainer',
          description: 'A container of inference telemetry (events), which datasets can be cut from by filters.',
          body: ContainerCreate,
          response: { 201: Container, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await telemetry.createContainer(request.caller, request.body)),
    );

    app.get(
      '/containers',
      {
        schema: {
          tags,
          summary: 'List containers',
          operationId: 'listContainers',
          description: 'The telemetry containers of this project, a cursor page at a time.',
          querystring: PageQuery,
          response: { 200: Page(Container) },
        },
      },
      async (request) => telemetry.listContainers(request.caller, request.query),
    );

    app.get(
      '/containers/:id',
      {
        schema: {
          tags,
          summary: 'Get a container (by id or label)',
          operationId: 'getContainer',
          description: 'One container, named by its id or its label.',
          params: ContainerParams,
          response: { 200: Container },
        },
      },
      async (request) => telemetry.container(request.caller, request.params.id),
    );

    app.post(
      '/containers/:id/events',
      {
        schema: {
          tags,
          summary: 'Record inference events',
          operationId: 'recordEvents',
          description: `A JSON array (at most ${LIMITS.batchMax.toLocaleString('en')}) or an NDJSON stream of events. Atomic: a bad line or item stores nothing.`,
          params: ContainerParams,
          body: jsonOrNdjson(Type.Array(EventIn, { maxItems: LIMITS.batchMax }), NdjsonBody) as never,
          response: { 201: Inserted },
        },
      },
      async (request, reply) => {
        const body = request.body as EventIn[] | { items: EventIn[] };
        return reply.code(201).send(await telemetry.ingest(request.caller, request.params.id, Array.isArray(body) ? body : body.items));
      },
    );

    app.get(
      '/containers/:id/events',
      {
        schema: {
          tags,
          summary: 'List events, newest first, filtered',
          operationId: 'listEvents',
          description: '`filters` is a JSON array of {key, operator, value}, the same language datasets are cut with.',
          params: ContainerParams,
          querystring: EventsQuery,
          response: { 200: Page(Event) },
        },
      },
      async (request, reply) => {
        const { filters, ...page } = request.query;
        const result = await telemetry.events(request.caller, request.params.id, { ...page, filters: filtersParam(filters) });
        const body = `{"data":[${result.data.map(eventJson).join(',')}],"next_cursor":${JSON.stringify(result.next_cursor)}}`;
        return reply.type('application/json; charset=utf-8').send(body as never);
      },
    );

    app.get(
      '/containers/:id/events/count',
      {
        schema: {
          tags,
          summary: 'Count the events a filter matches',
          operationId: 'countEvents',
          description:
            'How many events of the container match `filters` (what a cut would take, before its size), to preview a cut. Counted up to a cap; `capped` says when more match.',
          params: ContainerParams,
          querystring: EventCountQuery,
          response: { 200: EventCount },
        },
      },
      async (request) => telemetry.countEvents(request.caller, request.params.id, filtersParam(request.query.filters) ?? []),
    );
  };

function eventJson(e: EventRecord): string {
  const str = JSON.stringify;
  return (
    `{"id":${str(e.id)},"model_name":${str(e.model_name)},"status":${str(e.status)},"input":${e.input},"output":${e.output},` +
    `"latency_ms":${str(e.latency_ms)},"input_tokens":${str(e.input_tokens)},"output_tokens":${str(e.output_tokens)},` +
    `"created_at":${str(e.created_at)},"attributes":${e.attributes}}`
  );
}
