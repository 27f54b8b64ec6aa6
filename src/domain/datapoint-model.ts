import type { DatapointRow } from '../store/versions.js';
import type { DatapointInsert } from '../store/store.js';

export const SOURCES = ['seed', 'synthetic', 'augmented', 'production'] as const;
export type Source = (typeof SOURCES)[number];

/** What a client may set on a datapoint; everything is optional. */
export interface DatapointFields {
  input?: unknown;
  expected_output?: unknown;
  output?: unknown;
  context?: unknown;
  prompt?: string | null;
  persona?: string | null;
  tags?: string[];
  source?: Source | null;
  agent?: string | null;
  generator_model?: string | null;
  metadata?: Record<string, unknown>;
  order?: number;
}

/**
 * A datapoint as read. JSON-valued fields (input, expected_output, output, context,
 * tags, metadata) are kept as the JSON text stored, so hot read paths can splice them
 * into a response body without parsing and re-serialising.
 */
export interface Datapoint {
  id: string;
  seq: number;
  order: number;
  input: string;
  expected_output: string;
  output: string;
  context: string;
  prompt: string | null;
  persona: string | null;
  tags: string;
  source: Source | null;
  agent: string | null;
  generator_model: string | null;
  metadata: string;
  /** The version this datapoint's current content was committed in. */
  version: number;
  created_at: string;
  updated_at: string;
}

/** The JSON-text fields of a Datapoint. */
export const JSON_FIELDS = ['input', 'expected_output', 'output', 'context', 'tags', 'metadata'] as const;

export function toDatapoint(row: DatapointRow): Datapoint {
  return {
    id: row.id,
    seq: row.seq,
    order: row.ord,
    input: row.input,
    expected_output: row.expected_output,
    output: row.output,
    context: row.context,
    prompt: row.prompt,
    persona: row.persona,
    tags: row.tags,
    source: row.source as Source | null,
    agent: row.agent,
    generator_model: row.generator_model,
    metadata: row.metadata,
    version: row.valid_from,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const json = (value: unknown) => JSON.stringify(value ?? null);

/** A fresh row for a new datapoint. */
export function newRow(
  fields: DatapointFields,
  ids: { datasetSeq: number; id: string; seq: number; order: number; version: number; at: string; liveTo: number },
): DatapointInsert {
  return {
    dataset_seq: ids.datasetSeq,
    id: ids.id,
    seq: ids.seq,
    valid_from: ids.version,
    valid_to: ids.liveTo,
    ord: ids.order,
    input: json(fields.input),
    expected_output: json(fields.expected_output),
    output: json(fields.output),
    context: json(fields.context),
    prompt: fields.prompt ?? null,
    persona: fields.persona ?? null,
    tags: JSON.stringify(fields.tags ?? []),
    source: fields.source ?? null,
    agent: fields.agent ?? null,
    generator_model: fields.generator_model ?? null,
    metadata: JSON.stringify(fields.metadata ?? {}),
    created_at: ids.at,
    updated_at: ids.at,
  };
}

/** The next row of an existing datapoint: its old content with the given fields replaced. */
export function updatedRow(old: DatapointRow, fields: DatapointFields, version: number, at: string): DatapointInsert {
  const has = (key: keyof DatapointFields) => Object.prototype.hasOwnProperty.call(fields, key);
  return {
    dataset_seq: old.dataset_seq,
    id: old.id,
    seq: old.seq,
    valid_from: version,
    valid_to: old.valid_to,
    ord: has('order') ? fields.order! : old.ord,
    input: has('input') ? json(fields.input) : old.input,
    expected_output: has('expected_output') ? json(fields.expected_output) : old.expected_output,
    output: has('output') ? json(fields.output) : old.output,
    context: has('context') ? json(fields.context) : old.context,
    prompt: has('prompt') ? fields.prompt ?? null : old.prompt,
    persona: has('persona') ? fields.persona ?? null : old.persona,
    tags: has('tags') ? JSON.stringify(fields.tags ?? []) : old.tags,
    source: has('source') ? fields.source ?? null : old.source,
    agent: has('agent') ? fields.agent ?? null : old.agent,
    generator_model: has('generator_model') ? fields.generator_model ?? null : old.generator_model,
    metadata: has('metadata') ? JSON.stringify(fields.metadata ?? {}) : old.metadata,
    created_at: old.created_at,
    updated_at: at,
  };
}
