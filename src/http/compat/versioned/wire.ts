import type { FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import type { DomainError } from '../../../domain/errors.js';
import type { Datapoint, DatapointFields } from '../../../domain/datapoint-model.js';
import type { Dataset } from '../../../domain/datasets.js';
import type { WireError } from '../scope.js';

/** Fixed page size of every listing on this surface. */
export const PAGE_SIZE = 100;

/** Tags the native model cannot hold (anything but a list of strings) ride in metadata under this key. */
const WIRE_TAGS = 'versioned_tags';

export function datasetOut(d: Dataset) {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    version: d.head_version,
    datapoint_count: d.datapoint_count,
    created_at: d.created_at,
    updated_at: d.updated_at,
  };
}

/** A datapoint result, spliced from stored JSON text: exactly the six documented fields. */
export function datapointJson(d: Datapoint): string {
  const metadata = d.metadata.includes(`"${WIRE_TAGS}"`) ? (JSON.parse(d.metadata) as Record<string, unknown>) : null;
  const tags = metadata && WIRE_TAGS in metadata ? JSON.stringify(metadata[WIRE_TAGS]) : d.tags;
  return `{"id":${JSON.stringify(d.id)},"expected_output":${d.expected_output},"input":${d.input},"order":${d.order},"persona":${JSON.stringify(d.persona)},"tags":${tags}}`;
}

export function datapointIn(w: {
  input: unknown;
  expected_output: unknown;
  persona?: string | null;
  tags?: unknown;
  order?: number;
  source?: DatapointFields['source'];
  agent?: string | null;
  generator_model?: string | null;
}): DatapointFields {
  const plainTags = Array.isArray(w.tags) && w.tags.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 128) && w.tags.length <= 100;
  return {
    input: w.input,
    expected_output: w.expected_output,
    persona: w.persona,
    order: w.order,
    source: w.source,
    agent: w.agent,
    generator_model: w.generator_model,
    tags: plainTags ? (w.tags as string[]) : [],
    metadata: w.tags !== undefined && !plainTags ? { [WIRE_TAGS]: w.tags } : {},
  };
}

/**
 * A DRF-style absolute link to another page of this listing: the other query
 * parameters kept and sorted, `page` set, and dropped for page 1 as DRF does.
 */
export function pageLink(request: FastifyRequest, page: number | null): string | null {
  if (page === null) return null;
  const raw = new URL(request.url, 'http://x').searchParams;
  const pairs = [...raw.entries()].filter(([key]) => key !== 'page');
  if (page > 1) pairs.push(['page', String(page)]);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const params = new URLSearchParams(pairs);
  const search = params.toString();
  return `${request.protocol}://${request.host}${request.url.split('?')[0]}${search ? `?${search}` : ''}`;
}

/** DRF's `page`: a positive integer, else the page is invalid. */
export function pageNumber(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return 1;
  if (raw === 'last') return null;
  return /^\d{1,9}$/.test(raw) && Number(raw) >= 1 ? Number(raw) : null;
}

export const invalidPage: WireError = { status: 404, body: { detail: 'Invalid page.' } };

const DETAILS: Partial<Record<DomainError['code'], [number, string]>> = {
  unauthorized: [401, 'Authentication credentials were not provided.'],
  forbidden: [403, 'You do not have permission to perform this action.'],
  not_found: [404, 'Not found.'],
  payload_too_large: [413, 'Request body is too large.'],
  unsupported_media_type: [415, 'Unsupported media type in request.'],
  bad_request: [400, 'Malformed request.'],
  conflict: [409, 'Conflict.'],
  version_conflict: [409, 'Conflict.'],
  rate_limited: [429, 'Request was throttled.'],
};

export function domainError(error: DomainError): WireError {
  if (error.code === 'unauthorized' && error.message.includes('not valid')) return { status: 401, body: { detail: 'Invalid token.' } };
  if (error.code === 'validation_failed') {
    return { status: 400, body: Object.fromEntries(error.issues.map((i) => [i.field || 'non_field_errors', [i.message]])) };
  }
  const [status, detail] = DETAILS[error.code] ?? [500, 'A server error occurred.'];
  return { status, body: { detail: error.code === 'bad_request' && error.message ? `${detail} ${error.message}` : detail } };
}

/** Validation failures keyed by field, nested as DRF nests them (lists of per-item objects). */
export function validationError(errors: ErrorObject[], part: string, request: FastifyRequest): WireError {
  const body: Record<string, unknown> = {};
  const source = (part === 'querystring' ? request.query : request.body) as Record<string, unknown>;
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const path = e.instancePath.split('/').filter(Boolean);
    if (e.keyword === 'required') path.push(String(e.params.missingProperty));
    insert(body, path.length ? path : ['non_field_errors'], message(e, part, valueAt(source, path)));
  }
  return { status: 400, body };
}

function valueAt(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
}

function insert(target: Record<string, unknown> | unknown[], path: string[], text: string): void {
  const [head, ...rest] = path;
  const slot = (target as Record<string, unknown>)[head];
  if (rest.length === 0) {
    const list = Array.isArray(slot) ? slot : [];
    if (!list.includes(text)) list.push(text);
    (target as Record<string, unknown>)[head] = list;
    return;
  }
  const nextIsIndex = /^\d+$/.test(rest[0]);
  let child = slot as Record<string, unknown> | unknown[] | undefined;
  if (!child || typeof child !== 'object') child = nextIsIndex ? [] : {};
  if (nextIsIndex) {
    const list = child as unknown[];
    for (let i = 0; i <= Number(rest[0]); i++) if (list[i] === undefined) list[i] = {};
    insert(list[Number(rest[0])] as Record<string, unknown>, rest.slice(1).length ? rest.slice(1) : ['non_field_errors'], text);
  } else insert(child, rest, text);
  (target as Record<string, unknown>)[head] = child;
}

/** ajv's complaint in the words DRF (body) or django-filter (query) would use. */
function message(e: ErrorObject, part: string, value: unknown): string {
  const query = part === 'querystring';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'This field is required.';
    case 'format':
      return p.format === 'uuid' ? 'Must be a valid UUID.' : 'Enter a valid value.';
    case 'enum':
      return query ? `Select a valid choice. ${String(value)} is not one of the available choices.` : `"${String(value)}" is not a valid choice.`;
    case 'type':
      if (value === null) return 'This field may not be null.';
      if (p.type === 'integer' || p.type === 'number') return query ? 'Enter a number.' : 'A valid integer is required.';
      if (p.type === 'array') return `Expected a list of items but got type "${typeof value}".`;
      if (p.type === 'object') return `Invalid data. Expected a dictionary, but got ${typeof value}.`;
      return 'Not a valid string.';
    case 'minimum':
      return `Ensure this value is greater than or equal to ${p.limit}.`;
    case 'maximum':
      return `Ensure this value is less than or equal to ${p.limit}.`;
    case 'minLength':
      return 'This field may not be blank.';
    case 'maxLength':
      return `Ensure this field has no more than ${p.limit} characters.`;
    case 'maxItems':
      return `Ensure this field has no more than ${p.limit} elements.`;
    default:
      return e.message ?? 'Invalid value.';
  }
}
