import type { Dataset } from '../../../model/datasets.js';

/** A dataset as the gateway shows it; datashelf keeps no user or organisation for it. */
export function datasetOut(d: Dataset, projectId: string | null) {
  return {
    id: d.id,
    object: 'dataset' as const,
    name: d.name,
    description: d.description,
    user_id: null,
    project_id: projectId,
    org_id: null,
    container_id: d.container_id,
    requested_size: d.requested_size,
    size: d.datapoint_count,
    filters: d.filters,
    created_at: d.created_at,
    tags: d.tags,
    metadata: d.metadata,
  };
}

export const createdMessage = (d: Dataset) => `dataset created with ${d.cut_size} of ${d.requested_size} requested datapoints`;
