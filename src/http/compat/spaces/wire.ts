import type { Static } from '@sinclair/typebox';
import type { Dataset, DatasetCreate, DatasetUpdate } from '../../../model/datasets.js';
import type * as s from './schemas.js';

/**
 * The seed's four fields, and only those: the body may carry others (the original's
 * validator ignores them), so each field is picked by name and nothing else is passed on.
 */
export function datasetCreateIn(body: Static<typeof s.DatasetCreate>): DatasetCreate {
  return {
    name: body.name,
    ...(body.description !== undefined && { description: body.description }),
    ...(body.tags !== undefined && { tags: body.tags }),
    ...(body.metadata !== undefined && body.metadata !== null && { metadata: body.metadata }),
  };
}

/** A patch of the seed's four fields; `metadata: null` clears it. */
export function datasetPatchIn(body: Static<typeof s.DatasetPatch>): DatasetUpdate {
  return {
    ...(body.name !== undefined && { name: body.name }),
    ...(body.description !== undefined && { description: body.description }),
    ...(body.tags !== undefined && { tags: body.tags }),
    ...(body.metadata !== undefined && { metadata: body.metadata ?? {} }),
  };
}

/** Metadata is an object natively; this API shows "none" as null. */
const metadataOut = (m: Record<string, unknown>) => (Object.keys(m).length ? m : null);

export function datasetOut(d: Dataset, projectId: string) {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    tags: d.tags,
    projectId,
    metadata: metadataOut(d.metadata),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  };
}

export const summaryOut = (d: Dataset) => ({ id: d.id, name: d.name, description: d.description, tags: d.tags });
