import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../domain/services.js';
import type { HubCommit } from '../../../domain/hub/push.js';
import { badRequest } from '../../../domain/errors.js';
import { sentByLfs } from '../../../domain/hub/lfs.js';
import { readNdjson } from '../../../formats/ndjson.js';
import { LIMITS } from '../../../model/limits.js';
import { checker } from '../../../model/validate.js';
import { HubError } from './errors.js';
import * as s from './schemas.js';
import { baseOf } from './wire.js';

const tags = ['compat: hf'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((c) => [c, HubError]));

/** The Hub's write path: creating a dataset repository, committing data files as a version, and tags. */
export const hubWriteRoutes =
  ({ hubPush, hub, hubTags }: Pick<Services, 'hubPush' | 'hub' | 'hubTags'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerCommitParser(app);

    app.post(
      '/api/repos/create',
      {
        schema: {
          tags,
          summary: 'Create a dataset repository',
          operationId: 'hfCreateRepo',
          description:
            "A new dataset in the key's project, in its namespace (`organization`, when given, must be that one). A taken name is 409.",
          body: s.CreateRepoBody,
          response: { 200: s.CreatedRepo, ...errors(409) },
        },
      },
      async (request) => {
        const { name, organization, type } = request.body;
        if (type !== 'dataset') throw badRequest('only dataset repositories are served (type: "dataset")');
        const namespace = organization ?? (await hub.namespaceOf(request.caller));
        const dataset = await hubPush.createRepo(request.caller, namespace, name);
        return { url: `${baseOf(request)}/datasets/${namespace}/${dataset.name}`, name: `${namespace}/${dataset.name}`, id: dataset.id };
      },
    );

    app.post(
      '/api/datasets/:namespace/:name/preupload/:rev',
      {
        schema: {
          tags,
          summary: 'How each file of a commit is to be sent',
          operationId: 'hfPreupload',
          description:
            'How each file is to be sent, as the Hub decides: by Git LFS (`lfs`) from 10 MB, or when its first bytes (`sample`, base64) hold a NUL byte (a binary file, such as Parquet); else inline in the commit (`regular`).',
          params: s.RevisionParams,
          body: s.PreuploadBody,
          response: { 200: s.Preuploaded, ...errors(404) },
        },
      },
      async (request) => {
        await hub.repo(request.caller, request.params.namespace, request.params.name);
        return {
          files: request.body.files.map((f) => ({
            path: f.path,
            uploadMode: sentByLfs(f.size, Buffer.from(f.sample ?? '', 'base64')) ? ('lfs' as const) : ('regular' as const),
            shouldIgnore: false,
          })),
        };
      },
    );

    app.post(
      '/api/datasets/:namespace/:name/commit/:rev',
      {
        schema: {
          tags,
          summary: 'Commit files as a new version',
          operationId: 'hfCommit',
          description:
            "The Hub's NDJSON commit: a `header` line (`parentCommit`: 412 when it is not the head any more), then `file` (base64), `lfsFile` (an object uploaded through the LFS batch API, by `oid`), `deletedFile` and `deletedFolder` lines, at most 10,000 files. It makes exactly one version. Data files (`data/{split}.jsonl`, `data/{split}-0000i-of-0000n.parquet`) are rows: each split named holds the rows of its files in shard order, a split whose data file is deleted holds none, the other splits are kept. A data file whose columns are datapoint fields (`input`, `expected_output`, …) fills those fields; any other data file is a table: each row is a datapoint whose `input` is the row, and the split keeps the file's columns (Parquet: its schema and key-value metadata, `huggingface` features included; JSON lines: types inferred as `load_dataset` infers them), so its shards are rendered with exactly those columns, types and metadata at every revision. A column of a type not kept exactly (DECIMAL, INT96, TIME, fixed-length bytes, MAP), a JSON-lines key holding two kinds of value or an integer beyond ±2^53, is 400 naming it. Every other file (a LeRobot tree's `meta/info.json`, `videos/…/*.mp4`) is kept as it is in the version's file tree, served as its extension says; so is a file at a data file's path when the tree already holds one there. A deleted folder takes every file under it (`data/`: every split too); deleting what is not there is 404 `EntryNotFound`. `README.md` and `.gitattributes` are accepted and not kept (the card is rendered).",
          params: s.RevisionParams,
          body: { content: { 'application/x-ndjson': { schema: s.CommitBody } } },
          response: { 200: s.Committed, ...errors(404, 412) },
        },
      },
      async (request) => {
        const { namespace, name, rev } = request.params;
        const body = request.body as { lines: s.CommitLine[] } | undefined;
        if (!body) throw badRequest('send the commit as the request body: NDJSON lines, a header first');
        const commit = commitOf(body.lines);
        const oid = await hubPush.commit(request.caller, namespace, name, rev, commit);
        return {
          success: true,
          commitOid: oid,
          commitUrl: `${baseOf(request)}/datasets/${namespace}/${name}/commit/${oid}`,
          commitMessage: commit.summary ?? '',
        };
      },
    );

    app.post(
      '/api/datasets/:namespace/:name/tag/:rev',
      {
        schema: {
          tags,
          summary: 'Tag a revision',
          operationId: 'hfCreateTag',
          description:
            'Makes the version tag `tag` on the version the revision names (`main`, a commit id or another tag). An existing tag is 409 (move one with `PUT /v1/datasets/{id}/tags/{name}`); an unknown revision 404 `RevisionNotFound`. `message` is accepted and not kept.',
          params: s.RevisionParams,
          body: s.TagBody,
          response: { 200: s.Tagged, ...errors(404, 409) },
        },
      },
      async (request) => {
        const { namespace, name, rev } = request.params;
        const { tag } = request.body;
        const commit = await hubTags.create(request.caller, namespace, name, rev, tag);
        return { name: tag, ref: `refs/tags/${tag}`, targetCommit: commit };
      },
    );

    app.delete(
      // Named as the create route names its segment: one path, two methods.
      '/api/datasets/:namespace/:name/tag/:rev',
      {
        schema: {
          tags,
          summary: 'Delete a tag',
          operationId: 'hfDeleteTag',
          description: 'Deletes the version tag `rev` names (its history stays in `/v1`). An unknown tag is 404 `RevisionNotFound`. 204.',
          params: s.RevisionParams,
          response: { 204: s.NoBody, ...errors(404) },
        },
      },
      async (request, reply) => {
        const { namespace, name, rev } = request.params;
        await hubTags.delete(request.caller, namespace, name, rev);
        return reply.code(204).send(null);
      },
    );
  };

function commitOf(lines: s.CommitLine[]): HubCommit {
  const commit: HubCommit = { files: [], deleted: [] };
  for (const line of lines) {
    if (line.key === 'header') Object.assign(commit, { parentCommit: line.value.parentCommit, summary: line.value.summary });
    else if (line.key === 'file') commit.files.push({ path: line.value.path, content: Buffer.from(line.value.content, 'base64') });
    else if (line.key === 'lfsFile') commit.files.push({ path: line.value.path, oid: line.value.oid });
    else if (line.key === 'deletedFolder') commit.deleted.push(`${line.value.path.replace(/\/+$/, '')}/`);
    else commit.deleted.push(line.value.path);
  }
  return commit;
}

/** Commit bodies carry files as base64 lines, so a line may be as long as the body. */
function registerCommitParser(app: FastifyInstance): void {
  const check = checker(s.CommitLine);
  // A header line, then a line per file.
  const limits = { maxBytes: LIMITS.jsonBodyBytes, maxLineBytes: LIMITS.jsonBodyBytes, maxItems: LIMITS.fileChangesMax + 1 };
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'buffer', bodyLimit: LIMITS.jsonBodyBytes }, (_request, body, done) => {
    readNdjson(Readable.from([body as Buffer]), limits, check).then(
      (lines) => done(null, { lines }),
      (error: Error) => done(error, undefined),
    );
  });
}
