import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RUN_SOURCES, RUN_TYPES } from '../../domain/evals/catalog.js';
import type { Services } from '../../domain/services.js';
import {
  DatasetType,
  DatasetTypeCreate,
  Evaluation,
  EvaluationCreate,
  Lookup,
  Member,
  MemberCreate,
  Metric,
  MetricCreate,
  Run,
  RunCreate,
  Share,
  ShareCreate,
  User,
  UserCreate,
} from '../../model/evals.js';
import { LIMITS } from '../../model/limits.js';
import { IdParams, NamespaceParams, NoContent, Page, PageQuery, RunListQuery, ShareParams, problems } from './schemas.js';

type EvalServices = Pick<Services, 'users' | 'shares' | 'catalog' | 'runs'>;

/** Users and memberships, shares, dataset types, metrics, runs and evaluations. */
export const evalRoutes =
  ({ users, shares, catalog, runs }: EvalServices): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/users',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Create a user',
          operationId: 'createUser',
          description: 'Registers a user by email (admin keys only). Users own evaluation runs and receive dataset shares.',
          body: UserCreate,
          response: { 201: User, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await users.create(request.body)),
    );

    app.get(
      '/users',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'List users',
          operationId: 'listUsers',
          description: 'Every user of the service, oldest first, a cursor page at a time.',
          querystring: PageQuery,
          response: { 200: Page(User) },
        },
      },
      async (request) => users.list(request.query),
    );

    app.post(
      '/namespaces/:ns/members',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Add a user to a namespace (or change their role)',
          operationId: 'addNamespaceMember',
          description: 'Gives a user a role in a namespace; adding a member again changes their role.',
          params: NamespaceParams,
          body: MemberCreate,
          response: { 201: Member },
        },
      },
      async (request, reply) => reply.code(201).send(await users.addMember(request.params.ns, request.body)),
    );

    app.post(
      '/datasets/:id/shares',
      {
        schema: {
          tags: ['shares'],
          summary: 'Share a dataset with a user, a namespace, or everyone',
          operationId: 'shareDataset',
          description:
            'Makes the dataset readable outside its project: by one user, by every project of a namespace, or by everyone with a key.',
          params: IdParams,
          body: ShareCreate,
          response: { 201: Share, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await shares.create(request.caller, request.params.id, request.body)),
    );

    app.get(
      '/datasets/:id/shares',
      {
        schema: {
          tags: ['shares'],
          summary: "A dataset's shares",
          operationId: 'listDatasetShares',
          description: 'Who, besides its own project, may read the dataset.',
          params: IdParams,
          response: { 200: Type.Object({ data: Type.Array(Share) }) },
        },
      },
      async (request) => ({ data: await shares.list(request.caller, request.params.id) }),
    );

    app.delete(
      '/datasets/:id/shares/:share_id',
      {
        schema: {
          tags: ['shares'],
          summary: 'Stop sharing',
          operationId: 'deleteDatasetShare',
          description: 'Removes one share; readers it let in get 404 from then on.',
          params: ShareParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await shares.remove(request.caller, request.params.id, request.params.share_id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/dataset-types',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'Dataset types (CUSTOM always exists)',
          operationId: 'listDatasetTypes',
          description: 'The evaluation dataset types of this project. CUSTOM always exists and cannot be removed.',
          response: { 200: Type.Object({ data: Type.Array(DatasetType) }) },
        },
      },
      async () => ({ data: await catalog.datasetTypes() }),
    );

    app.post(
      '/dataset-types',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['evaluations'],
          summary: 'Create a dataset type',
          operationId: 'createDatasetType',
          description: 'Adds a named dataset type evaluation datasets can be given.',
          body: DatasetTypeCreate,
          response: { 201: DatasetType, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await catalog.createDatasetType(request.body)),
    );

    app.get(
      '/run-types',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'Run types',
          operationId: 'listRunTypes',
          description: 'The kinds of evaluation runs datashelf records (fixed).',
          response: { 200: Type.Object({ data: Type.Array(Lookup) }) },
        },
      },
      async () => ({ data: RUN_TYPES }),
    );
    app.get(
      '/run-sources',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'Run sources',
          operationId: 'listRunSources',
          description: 'Where evaluation runs may come from (fixed).',
          response: { 200: Type.Object({ data: Type.Array(Lookup) }) },
        },
      },
      async () => ({ data: RUN_SOURCES }),
    );

    app.post(
      '/metrics',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'Create a metric',
          operationId: 'createMetric',
          description: 'A named measure evaluations score records by.',
          body: MetricCreate,
          response: { 201: Metric, ...problems(409) },
        },
      },
      async (request, reply) => reply.code(201).send(await catalog.createMetric(request.caller, request.body)),
    );

    app.get(
      '/metrics',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'List metrics',
          operationId: 'listMetrics',
          description: 'The metrics of this project, a cursor page at a time.',
          querystring: PageQuery,
          response: { 200: Page(Metric) },
        },
      },
      async (request) => catalog.metrics(request.caller, request.query),
    );

    app.post(
      '/runs',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'Record a run over a dataset',
          operationId: 'createRun',
          description: 'Records one evaluation run over a version of a dataset: what ran, by whom, from where.',
          body: RunCreate,
          response: { 201: Run, ...problems(404) },
        },
      },
      async (request, reply) => reply.code(201).send(await runs.create(request.caller, request.body)),
    );

    app.get(
      '/runs',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'List runs, newest first',
          operationId: 'listRuns',
          description: 'Evaluation runs of this project, newest first, optionally of one dataset.',
          querystring: RunListQuery,
          response: { 200: Page(Run) },
        },
      },
      async (request) => runs.list(request.caller, request.query),
    );

    app.post(
      '/runs/:id/evaluations',
      {
        schema: {
          tags: ['evaluations'],
          summary: 'Record evaluations of a run (record x metric)',
          operationId: 'createEvaluations',
          description: "`is_gte_threshold` is computed. Records must be datapoints of the run's dataset; atomic.",
          params: IdParams,
          body: Type.Array(EvaluationCreate, { minItems: 1, maxItems: LIMITS.batchMax }),
          response: { 201: Type.Object({ data: Type.Array(Evaluation) }) },
        },
      },
      async (request, reply) => reply.code(201).send({ data: await runs.addEvaluations(request.caller, request.params.id, request.body) }),
    );
  };
