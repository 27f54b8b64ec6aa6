import { badRequest, invalid } from '../../../domain/errors.js';
import { operationsOf, type AttachmentWrite } from './attachments.js';
import { jsonPart, objectPart, type Part } from './multipart.js';
import type { ExampleFields } from './wire.js';

/**
 * One example of a multipart upsert, gathered from its parts: `<id>` (a JSON object of
 * metadata, split, created_at and source-run options), `<id>.inputs`, `<id>.outputs`,
 * `<id>.attachment.<name>` and `<id>.attachments_operations`, as LangSmith's SDKs send them.
 */
export interface ExampleParts extends ExampleFields, AttachmentWrite {
  use_source_run_io?: unknown;
  use_source_run_attachments?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function split(value: unknown, name: string): ExampleFields['split'] {
  if (value === undefined || value === null || typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((s) => typeof s === 'string')) return value;
  throw invalid(`${name}: split must be a name or a list of names`, [{ field: `${name}.split`, message: 'must be a string or strings' }]);
}

/** The examples a multipart body holds, in the order their parts first came. */
export function examplesOf(parts: Part[]): ExampleParts[] {
  const examples = new Map<string, ExampleParts>();
  const example = (id: string) => {
    if (!examples.has(id)) examples.set(id, { id, attachments: [] });
    return examples.get(id)!;
  };
  for (const part of parts) {
    const [id, field, ...rest] = part.name.split('.');
    const e = example(id);
    if (field === undefined) {
      const body = objectPart(part);
      if (body.metadata !== undefined && body.metadata !== null && !isObject(body.metadata))
        throw invalid(`${id}: metadata must be an object`, [{ field: `${id}.metadata`, message: 'must be an object' }]);
      Object.assign(e, {
        metadata: body.metadata,
        split: split(body.split, id),
        use_source_run_io: body.use_source_run_io,
        use_source_run_attachments: body.use_source_run_attachments,
      });
    } else if (field === 'inputs' && rest.length === 0) e.inputs = objectPart(part);
    else if (field === 'outputs' && rest.length === 0) e.outputs = objectPart(part, true);
    else if (field === 'attachments_operations' && rest.length === 0) {
      const operations = jsonPart(part);
      if (operations !== null) e.attachments_operations = operationsOf(operations, id);
    } else if (field === 'attachment' && rest.length > 0) e.attachments.push({ name: rest.join('.'), type: part.type, data: part.data });
    else throw badRequest(`part ${part.name} is not an example part (<id>, <id>.inputs, <id>.outputs, <id>.attachment.<name>)`);
  }
  for (const e of examples.values()) {
    if (e.use_source_run_io || (Array.isArray(e.use_source_run_attachments) && e.use_source_run_attachments.length))
      throw badRequest(`${e.id}: examples cannot copy a run's inputs, outputs or attachments: datashelf keeps no runs to copy from`);
  }
  return [...examples.values()];
}
