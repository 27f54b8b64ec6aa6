import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Caller } from '../../../domain/caller.js';
import { invalid } from '../../../domain/errors.js';
import type { Services } from '../../../domain/services.js';
import { LIMITS } from '../../../model/limits.js';
import { uuidOrNotFound } from '../path-ids.js';
import { changesBetween } from './changes.js';
import * as s from './schemas.js';
import { choiceOf, exampleIn } from './wire.js';

const tags = ['compat: langsmith'];
const datasetId = (id: string) => uuidOrNotFound(id, 'dataset');

type Needs = Pick<Services, 'datasets' | 'versions' | 'versionTags' | 'versionPoints' | 'datapoints'>;

/** LangSmith's versions, which it names by time or by tag, and its splits. */
export const versionRoutes =
  ({ datasets, versions, versionTags, versionPoints, datapoints }: Needs): FastifyPluginAsyncTypebox =>
  async (app) => {
    const versionOf = async (caller: Caller, id: string, asOf: string) => (await versionPoints.point(caller, id, choiceOf(asOf))).version;

    app.put(
      '/datasets/:dataset_id/tags',
      {
        schema: {
          tags,
          summary: 'Tag a version',
          operationId: 'langsmithTagVersion',
          description: 'Points the tag at the version current at `as_of` (a time, or another tag), moving it if it pointed elsewhere.',
          params: s.DatasetParams,
          body: s.TagsPut,
          response: { 200: s.Version },
        },
      },
      async (request) => {
        const id = datasetId(request.params.dataset_id);
        await versionTags.set(request.caller, id, request.body.tag, await versionOf(request.caller, id, request.body.as_of));
        const point = await versionPoints.point(request.caller, id, { version: request.body.tag });
        return { as_of: point.at, tags: point.tags };
      },
    );

    app.get(
      '/datasets/:dataset_id/version',
      {
        schema: {
          tags,
          summary: 'Find a version by time or tag',
          operationId: 'langsmithReadVersion',
          description: 'The version current at `as_of`, or the one `tag` points at (exactly one of them): when it was made, and its tags.',
          params: s.DatasetParams,
          querystring: s.VersionQuery,
          response: { 200: s.Version },
        },
      },
      async (request) => {
        const { as_of, tag } = request.query;
        if ((as_of === undefined) === (tag === undefined))
          throw invalid('give exactly one of as_of and tag', [{ field: 'query', message: 'as_of or tag' }]);
        const choice = tag !== undefined ? { version: tag } : choiceOf(as_of);
        const point = await versionPoints.point(request.caller, datasetId(request.params.dataset_id), choice);
        return { as_of: point.at, tags: point.tags };
      },
    );

    app.get(
      '/datasets/:dataset_id/versions/diff',
      {
        schema: {
          tags,
          summary: 'Compare two versions',
          operationId: 'langsmithDiffVersions',
          description: 'The examples added, removed and changed from `from_version` to `to_version` (each a time or a tag).',
          params: s.DatasetParams,
          querystring: s.DiffQuery,
          response: { 200: s.Diff },
        },
      },
      async (request) => {
        const id = datasetId(request.params.dataset_id);
        const from = await versionOf(request.caller, id, request.query.from_version);
        const to = await versionOf(request.caller, id, request.query.to_version);
        const lists = { added: [] as string[], removed: [] as string[], changed: [] as string[] };
        for (const { change, id: changed } of await changesBetween(datapoints, request.caller, id, from, to)) lists[change].push(changed);
        return { examples_added: lists.added, examples_removed: lists.removed, examples_modified: lists.changed };
      },
    );

    app.get(
      '/datasets/:dataset_id/splits',
      {
        schema: {
          tags,
          summary: "A version's splits",
          operationId: 'langsmithListSplits',
          description: 'The names of the splits of the version (default: the head) that hold examples.',
          params: s.DatasetParams,
          querystring: s.SplitsQuery,
          response: { 200: Type.Array(Type.String()) },
        },
      },
      async (request) => {
        const splits = await datapoints.splits(request.caller, datasetId(request.params.dataset_id), choiceOf(request.query.as_of));
        return splits.data.map((x) => x.split);
      },
    );

    app.put(
      '/datasets/:dataset_id/splits',
      {
        schema: {
          tags,
          summary: 'Put examples in a split, or take them out',
          operationId: 'langsmithUpdateSplits',
          description: 'Adds the split to each example (or with `remove`, takes it away) in one new version; the other splits stay.',
          params: s.DatasetParams,
          body: s.SplitsPut,
          response: { 200: Type.Array(Type.String({ format: 'uuid' })) },
        },
      },
      async (request) => {
        const { id } = await datasets.get(request.caller, datasetId(request.params.dataset_id));
        const { split_name: split, examples, remove } = request.body;
        const update = [];
        for (let i = 0; i < examples.length; i += LIMITS.filterValuesMax) {
          const ids = examples.slice(i, i + LIMITS.filterValuesMax);
          const { datapoints: rows } = await datapoints.export(
            request.caller,
            id,
            {},
            { filters: [{ key: 'id', operator: 'in', value: ids }] },
          );
          for await (const d of rows) {
            const held = JSON.parse(d.splits) as string[];
            const next = remove ? held.filter((x) => x !== split) : [...new Set([...held, split])];
            if (next.length !== held.length) update.push({ id: d.id, ...exampleIn({ split: next }) });
          }
        }
        if (update.length) await versions.commit(request.caller, id, { update }, LIMITS.batchMax);
        return update.map((u) => u.id);
      },
    );
  };
