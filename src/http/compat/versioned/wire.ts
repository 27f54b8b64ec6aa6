import type { FastifyRequest } from 'fastify';
import type { DatapointFields, DatapointRecord } from '../../../model/datapoints.js';
import type { Dataset } from '../../../model/datasets.js';
import { LIMITS } from '../../../model/limits.js';

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
export function datapointJson(d: DatapointRecord): string {
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
  const plainTags =
    Array.isArray(w.tags) &&
    w.tags.length <= LIMITS.tagsMax &&
    w.tags.every((t) => typeof t === 'string' && t.length > 0 && t.length <= LIMITS.tagLength);
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
