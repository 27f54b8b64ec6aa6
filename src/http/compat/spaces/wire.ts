import type { Dataset } from '../../../model/datasets.js';

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
