import type { Experiment } from '../../../domain/evals/experiments.js';
import type { Dataset, DatasetCreate, ItemSchemas } from '../../../model/datasets.js';
import type { DatapointFields, DatapointRecord } from '../../../model/datapoints.js';
import type { DATA_TYPES } from './schemas.js';
import type { VersionChoice } from '../../../domain/versions/select.js';
import type { FilterInput } from '../../../model/telemetry.js';
import { badRequest, invalid } from '../../../domain/errors.js';
import { attachmentUrls } from './attachments.js';

/**
 * LangSmith's shapes to and from datashelf's: a dataset's `data_type` is its type (kv is
 * the default `custom`), its schemas are the input and expected-output item schemas;
 * an example is a datapoint (inputs = input, outputs = expected output), and its splits
 * are shown, as LangSmith keeps them, in `metadata.dataset_split`.
 */

type DataType = (typeof DATA_TYPES)[number];
type Json = Record<string, unknown>;

/** Where LangSmith keeps an example's splits, inside its metadata. */
export const SPLIT_KEY = 'dataset_split';

const typeOf = (dataType: DataType | null | undefined) => (dataType === 'llm' || dataType === 'chat' ? dataType : undefined);
const dataTypeOf = (type: string): DataType => (type === 'llm' || type === 'chat' ? type : 'kv');
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function datasetIn(body: {
  name: string;
  description?: string | null;
  data_type?: DataType | null;
  extra?: { metadata?: Json | null } | null;
}): DatasetCreate {
  return { name: body.name, description: body.description, type: typeOf(body.data_type), metadata: body.extra?.metadata ?? {} };
}

/**
 * The item schemas a dataset has once its input and output schema definitions are set
 * as given (null removes one, absent keeps it); undefined when neither is given.
 */
export function schemasIn(
  current: ItemSchemas | null,
  body: { inputs_schema_definition?: Json | null; outputs_schema_definition?: Json | null },
): ItemSchemas | null | undefined {
  const { inputs_schema_definition: input, outputs_schema_definition: output } = body;
  if (input === undefined && output === undefined) return undefined;
  const merged = { ...current, ...(input !== undefined && { input }), ...(output !== undefined && { expected_output: output }) };
  const kept = Object.fromEntries(Object.entries(merged).filter(([, schema]) => schema !== null && schema !== undefined));
  return Object.keys(kept).length ? kept : null;
}

export function datasetOut(d: Dataset, tenantId: string) {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    data_type: dataTypeOf(d.type),
    inputs_schema_definition: d.item_schemas?.input ?? null,
    outputs_schema_definition: d.item_schemas?.expected_output ?? null,
    metadata: d.metadata,
    created_at: d.created_at,
    modified_at: d.updated_at,
    example_count: d.datapoint_count,
    tenant_id: tenantId,
  };
}

/** A datapoint's value as LangSmith's dict: objects as they are, anything else under `key`. */
const asDict = (text: string, key: string): Json | null => {
  const value = JSON.parse(text) as unknown;
  if (value === null) return null;
  return isObject(value) ? value : { [key]: value };
};

/** An example as LangSmith shows one; `origin` (`http://host`) makes its attachments' links absolute. */
export function exampleOut(d: DatapointRecord, datasetId: string, origin: string) {
  const splits = JSON.parse(d.splits) as string[];
  const metadata = JSON.parse(d.metadata) as Json;
  return {
    id: d.id,
    dataset_id: datasetId,
    inputs: asDict(d.input, 'input') ?? {},
    outputs: asDict(d.expected_output, 'output'),
    metadata: splits.length ? { ...metadata, [SPLIT_KEY]: splits } : metadata,
    created_at: d.created_at,
    modified_at: d.updated_at,
    source_run_id: null,
    runs: [],
    attachment_urls: attachmentUrls(d.attachments, origin),
  };
}

/** What an example sets on its datapoint: only the fields it sends. */
export interface ExampleFields {
  inputs?: Json | null;
  outputs?: Json | null;
  metadata?: Json | null;
  split?: string | string[] | null;
}

/** A split given as one name or several; null or none given, the split in `metadata.dataset_split` if any. */
function splitsOf(split: ExampleFields['split'], metadata: Json | null | undefined): string[] | undefined {
  const given = split ?? metadata?.[SPLIT_KEY];
  if (given === undefined || given === null) return undefined;
  return [given].flat().map(String);
}

export function exampleIn(e: ExampleFields): DatapointFields {
  const splits = splitsOf(e.split, e.metadata);
  const metadata = e.metadata ? Object.fromEntries(Object.entries(e.metadata).filter(([key]) => key !== SPLIT_KEY)) : undefined;
  return {
    ...(e.inputs !== undefined && { input: e.inputs }),
    ...(e.outputs !== undefined && { expected_output: e.outputs }),
    ...(metadata !== undefined && { metadata }),
    ...(splits !== undefined && { splits: [...new Set(splits)] }),
  };
}

export function sessionOut(e: Experiment, tenantId: string) {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    start_time: e.started_at,
    end_time: e.finished_at,
    extra: { metadata: e.metadata },
    tenant_id: tenantId,
    reference_dataset_id: e.dataset_id,
  };
}

/** A time as LangSmith's clients send it: epoch milliseconds or text; null when absent or unreadable. */
export function timeIn(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/**
 * A version as LangSmith names one: `latest` or nothing is the head, a time (RFC 3339)
 * is the version current then, anything else is a tag's name.
 */
export function choiceOf(asOf: string | undefined): VersionChoice {
  if (asOf === undefined || asOf === 'latest') return {};
  return /^\d{4}-\d{2}-\d{2}/.test(asOf) && !Number.isNaN(Date.parse(asOf)) ? { as_of: asOf } : { version: asOf };
}

/** A JSON object from a query parameter, or a 422 naming the parameter. */
export function objectParam(text: string | undefined, name: string): Json | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isObject(value)) throw invalid(`${name} must be a JSON object`, [{ field: `query/${name}`, message: 'must be a JSON object' }]);
  return value;
}

/** Equality on each key of a metadata object, in datashelf's filter language. */
export const metadataFilters = (metadata: Json | undefined): FilterInput[] =>
  Object.entries(metadata ?? {}).map(([key, value]) => ({ key: `metadata.${key}`, operator: 'equals', value }));

/** An examples' metadata filter: its split (kept apart from metadata, see SPLIT_KEY) and the rest as filters. */
export function exampleMetadataListing(metadata: Json | undefined): { split?: string; filters: FilterInput[] } {
  const { [SPLIT_KEY]: split, ...rest } = metadata ?? {};
  const names = split === undefined ? [] : [split].flat();
  if (names.length > 1 || names.some((n) => typeof n !== 'string'))
    throw badRequest(`metadata.${SPLIT_KEY} names one split here; send splits=… for any of several`);
  return { split: names[0] as string | undefined, filters: metadataFilters(rest) };
}
