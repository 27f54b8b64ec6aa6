import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../../../domain/services.js';
import type { HubLfs, LfsGrant, LfsPlan } from '../../../domain/hub/lfs.js';
import { badRequest } from '../../../domain/errors.js';
import { repoNotFound } from '../../../domain/hub/commits.js';
import { LIMITS } from '../../../model/limits.js';
import { registerRawBodies } from '../../body.js';
import { HubError } from './errors.js';
import * as s from './lfs-schemas.js';
import { baseOf } from './wire.js';

const tags = ['compat: hf'];
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((c) => [c, HubError]));
const LFS_JSON = 'application/vnd.git-lfs+json';

/**
 * The Git LFS side of the Hub's write path: the batch API says how each object is sent,
 * and the URLs it answers (signed, for the clients send them no token) take the bytes,
 * in one PUT or in parts completed by a POST, as the Hub's storage does.
 */
export const hubLfsRoutes =
  ({ hubLfs }: Pick<Services, 'hubLfs'>): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(batchRoutes(hubLfs));
    await app.register(transferRoutes(hubLfs));
  };

const batchRoutes =
  (lfs: HubLfs): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerLfsJson(app);

    app.post(
      '/datasets/:namespace/:repo/info/lfs/objects/batch',
      {
        schema: {
          tags,
          summary: 'How to upload Git LFS objects',
          operationId: 'hfLfsBatch',
          description:
            'For each object (`oid`: its SHA-256, `size`): no `actions` when the project already holds it; an `upload` action with one signed PUT `href` for objects up to 5 MiB (or any size, when `transfers` does not offer `multipart`); larger ones in parts, `header.chunk_size` and one signed PUT URL per part (`"1"`, `"2"`, …, each answering an `ETag`), then a POST of `{oid, parts}` to `href`. Every upload has a `verify` action. Only `operation: "upload"` is served.',
          params: s.RepoGitParams,
          body: s.BatchBody,
          response: { 200: s.BatchAnswer, ...errors(404) },
        },
      },
      async (request) => {
        const { namespace, name } = repoOf(request.params);
        if (request.body.operation !== 'upload')
          throw badRequest('only uploads are served by the LFS batch API: download files with resolve');
        const { objects, transfers = [] } = request.body;
        const plans = await lfs.batch(request.caller, namespace, name, objects, transfers.includes('multipart'));
        const base = baseOf(request);
        const verify = { href: `${base}/datasets/${namespace}/${name}.git/info/lfs/objects/verify` };
        return { transfer: 'basic', objects: plans.map((plan) => objectOf(plan, base, verify)) };
      },
    );

    app.post(
      '/datasets/:namespace/:repo/info/lfs/objects/verify',
      {
        config: { access: 'read' },
        schema: {
          tags,
          summary: 'Check that a Git LFS object was uploaded',
          operationId: 'hfLfsVerify',
          description: "200 when the repository's project holds the object with that size; 404 `EntryNotFound` otherwise.",
          params: s.RepoGitParams,
          body: s.LfsObject,
          response: { 200: s.Stored, ...errors(404) },
        },
      },
      async (request) => {
        const { namespace, name } = repoOf(request.params);
        const held = await lfs.verify(request.caller, namespace, name, request.body);
        return { oid: held.sha256, size: held.size };
      },
    );

    app.post(
      '/lfs/uploads/:upload/complete',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Complete a Git LFS object sent in parts',
          operationId: 'hfLfsComplete',
          description:
            'The signed `href` of a multipart upload action: the parts, in order, become the object when they make its SHA-256 (`oid`); else 400 and the parts stay, to be sent again.',
          security: [],
          params: s.UploadParams,
          querystring: s.Grant,
          body: s.CompleteBody,
          response: { 200: s.Stored, ...errors(400, 403, 404) },
        },
      },
      async (request) => {
        const stored = await lfs.complete(request.params.upload, request.body.oid, request.query);
        return { oid: stored.sha256, size: stored.size };
      },
    );
  };

const transferRoutes =
  (lfs: HubLfs): FastifyPluginAsyncTypebox =>
  async (app) => {
    registerRawBodies(app);
    const bytes = { content: { '*/*': { schema: {} } } } as never;

    app.put(
      '/lfs/objects/:oid',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Upload a Git LFS object',
          operationId: 'hfLfsPutObject',
          description:
            'The signed `href` of a basic upload action: the raw body is the object. Bytes that are not the object (another SHA-256 or size) are 400 and not kept.',
          security: [],
          params: s.ObjectParams,
          querystring: s.ObjectQuery,
          body: bytes,
          response: { 200: s.Stored, ...errors(400, 403, 413) },
        },
      },
      async (request) => {
        const { size, ...grant } = request.query;
        const body = request.body as AsyncIterable<Buffer>;
        const stored = await lfs.putObject({ oid: request.params.oid, size }, grant, body, lengthOf(request));
        return { oid: stored.sha256, size: stored.size };
      },
    );

    app.put(
      '/lfs/uploads/:upload/parts/:part',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: 'Upload one part of a Git LFS object',
          operationId: 'hfLfsPutPart',
          description: 'A signed part URL of a multipart upload action: the raw body is that part. The `ETag` answered is its SHA-256.',
          security: [],
          params: s.PartParams,
          querystring: s.Grant,
          body: bytes,
          response: { 200: s.Stored, ...errors(403, 404, 413) },
        },
      },
      async (request, reply) => {
        const { upload, part } = request.params;
        const stored = await lfs.putPart(upload, part, request.query, request.body as AsyncIterable<Buffer>, lengthOf(request));
        reply.header('etag', `"${stored.sha256}"`);
        return { oid: stored.sha256, size: stored.size };
      },
    );
  };

/** `NAME.git`, as LFS clients name a repository; anything else is no repository. */
function repoOf(params: { namespace: string; repo: string }): { namespace: string; name: string } {
  if (!params.repo.endsWith('.git')) throw repoNotFound();
  return { namespace: params.namespace, name: params.repo.slice(0, -4) };
}

function objectOf(plan: LfsPlan, base: string, verify: { href: string }): s.BatchAnswer['objects'][number] {
  const { oid, size } = plan.object;
  switch (plan.kind) {
    case 'held':
      return { oid, size };
    case 'refused':
      return { oid, size, error: { code: plan.code, message: plan.message } };
    case 'basic': {
      const href = `${base}/lfs/objects/${oid}?${new URLSearchParams({ size: String(size), ...grantQuery(plan.grant) }).toString()}`;
      return { oid, size, authenticated: true, actions: { upload: { href, expires_at: expiry(plan.grant) }, verify } };
    }
    case 'multipart': {
      const signed = new URLSearchParams(grantQuery(plan.grant)).toString();
      const at = `${base}/lfs/uploads/${plan.upload}`;
      const header: Record<string, string> = { chunk_size: String(plan.chunkSize) };
      for (let part = 1; part <= plan.parts; part++) header[String(part)] = `${at}/parts/${part}?${signed}`;
      return {
        oid,
        size,
        authenticated: true,
        actions: { upload: { href: `${at}/complete?${signed}`, header, expires_at: expiry(plan.grant) }, verify },
      };
    }
  }
}

const grantQuery = (grant: LfsGrant): Record<string, string> => ({
  project: grant.project,
  key: grant.key,
  expires: String(grant.expires),
  signature: grant.signature,
});
const expiry = (grant: LfsGrant) => new Date(grant.expires * 1000).toISOString();

const lengthOf = (request: FastifyRequest) => {
  const header = request.headers['content-length'];
  return header === undefined || header === '' ? undefined : Number(header);
};

/** The LFS API's bodies are JSON under a media type of their own. */
function registerLfsJson(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'ignore');
  app.addContentTypeParser(LFS_JSON, { parseAs: 'string', bodyLimit: LIMITS.jsonBodyBytes }, parse);
}
