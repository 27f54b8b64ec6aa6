import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { finishDocument } from './openapi-document.js';
import { registerReferencePage } from './reference-page.js';

/** The guide (getting started, auth, paging, errors, limits, filters), shown as the reference's introduction. */
const GUIDE = readFileSync(new URL('../../docs/api-guide.md', import.meta.url), 'utf8').replace(/^# .*\n+/, '');
/** The document's version is the release's: package.json holds it (scripts/versions.ts keeps the others equal). */
const { version: VERSION } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const TAGS = [
  { name: 'tenancy', description: 'Namespaces, projects and API keys: who may see and change what.' },
  { name: 'auth', description: 'Short-lived JWTs traded for an API key.' },
  { name: 'datasets', description: 'Datasets: named, typed, tagged containers of versioned datapoints.' },
  { name: 'versions', description: 'Commits: each makes a new immutable version from adds, updates, deletes or a replacement.' },
  { name: 'datapoints', description: 'Datapoints as they are in a version, diffs between versions, and exports.' },
  { name: 'reviews', description: "Review decisions on datapoints' content: approved, needs a fix, rejected, with a comment; audited." },
  { name: 'imports', description: 'Files (JSON lines, CSV, Parquet) streamed in as a version, mapped and upserted.' },
  { name: 'collections', description: 'Named sets of member ids, optionally inside a dataset.' },
  { name: 'files', description: "A version's file tree: paths mapped to attachments, versioned, diffed and restored like datapoints." },
  { name: 'attachments', description: 'Files (images, audio, video, PDFs, anything) stored once by their SHA-256 and served back.' },
  { name: 'jobs', description: 'Training and evaluation jobs, and the dataset artifacts linked to them.' },
  { name: 'telemetry', description: 'Containers of inference events, filtered, and cut into datasets.' },
  { name: 'users', description: 'Users and their namespace roles.' },
  { name: 'shares', description: 'Datasets made readable outside their project.' },
  {
    name: 'evaluations',
    description: 'Dataset types, metrics, evaluation runs pinned to versions: their items, evaluations, aggregates and comparisons.',
  },
  { name: 'webhooks', description: 'Signed notifications of every change, from a durable outbox, with a delivery log.' },
  { name: 'compat: gateway', description: "An inference gateway's datasets built from telemetry by filters, wire-compatible." },
  { name: 'compat: spaces', description: 'Namespace / project scoped datasets grouping collections, wire-compatible (JWT).' },
  { name: 'compat: robotics', description: 'LeRobot dataset artifacts linked to jobs, cursor pages, wire-compatible.' },
  { name: 'compat: evals', description: "An LLM evaluation platform's datasets, runs and evaluations, wire-compatible." },
  {
    name: 'compat: langsmith',
    description:
      "LangSmith's datasets, examples, versions, splits and evaluate() experiments, as its SDKs send them (multipart writes included).",
  },
  {
    name: 'compat: hf',
    description:
      'Hugging Face Hub dataset repositories (read path): info, tree, paths-info, refs and resolve, as huggingface_hub and @huggingface/hub call them. Set HF_ENDPOINT or hubUrl to /compat/hf.',
  },
  {
    name: 'compat: versioned',
    description:
      "Versioned datasets of immutable datapoints with Django REST framework pages, wire-compatible. Its paths end in a slash because the original's do: its clients send them, and Django answers a path without one differently.",
  },
];

/** The OpenAPI 3.1 document, generated from the route schemas, at /openapi.json; its reference page at /docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'datashelf',
        version: VERSION,
        summary: 'Self-hosted dataset service: versioned datasets of immutable datapoints, with wire-compatible surfaces.',
        description: GUIDE,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        contact: { name: 'datashelf maintainers' },
      },
      servers: [{ url: '/', description: 'this server' }],
      tags: TAGS,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key, or a JWT from POST /v1/auth/token' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'An API key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transformObject: (document) => finishDocument(('openapiObject' in document ? document.openapiObject : document.swaggerObject) as never),
  });
  await registerReferencePage(app, () => app.swagger());
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
