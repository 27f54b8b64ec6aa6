import { MAPPABLE_FIELDS, type MappableField } from '../model/imports.js';
import type { DatapointContent, DatapointFields, DatapointRecord } from '../model/datapoints.js';

const json = (value: unknown) => JSON.stringify(value ?? null);

/** The content of a new datapoint: what the client set, JSON as text, absent fields empty. */
export function newContent(fields: DatapointFields, ids: { id: string; seq: number; order: number }): DatapointContent {
  return {
    id: ids.id,
    seq: ids.seq,
    order: ids.order,
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
    external_id: fields.external_id ?? null,
    splits: JSON.stringify(fields.splits ?? []),
  };
}

/** An update's meaning: the fields given replace the old ones (null included); the rest stay. */
export function changedContent(old: DatapointRecord, fields: DatapointFields): DatapointContent {
  const has = (key: keyof DatapointFields) => Object.prototype.hasOwnProperty.call(fields, key);
  return {
    id: old.id,
    seq: old.seq,
    order: has('order') ? fields.order! : old.order,
    input: has('input') ? json(fields.input) : old.input,
    expected_output: has('expected_output') ? json(fields.expected_output) : old.expected_output,
    output: has('output') ? json(fields.output) : old.output,
    context: has('context') ? json(fields.context) : old.context,
    prompt: has('prompt') ? (fields.prompt ?? null) : old.prompt,
    persona: has('persona') ? (fields.persona ?? null) : old.persona,
    tags: has('tags') ? JSON.stringify(fields.tags ?? []) : old.tags,
    source: has('source') ? (fields.source ?? null) : old.source,
    agent: has('agent') ? (fields.agent ?? null) : old.agent,
    generator_model: has('generator_model') ? (fields.generator_model ?? null) : old.generator_model,
    metadata: has('metadata') ? JSON.stringify(fields.metadata ?? {}) : old.metadata,
    external_id: has('external_id') ? (fields.external_id ?? null) : old.external_id,
    splits: has('splits') ? JSON.stringify(fields.splits ?? []) : old.splits,
  };
}

/** The fields that make two datapoints hold the same content: all a row can set but its id. */
const CONTENT_FIELDS = MAPPABLE_FIELDS.filter((f): f is Exclude<MappableField, 'id'> => f !== 'id');

/** Two contents are the same datapoint content (timestamps and the version that wrote them aside). */
export const sameContent = (a: DatapointContent, b: DatapointContent) => CONTENT_FIELDS.every((k) => a[k] === b[k]);
