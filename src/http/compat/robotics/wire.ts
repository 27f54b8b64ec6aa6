import type { ArtifactPage } from '../../../domain/artifacts.js';

/** A page of artifacts in the robotics platform's shape. */
export function pageOut(page: ArtifactPage) {
  return {
    items: page.items.map((d) => ({
      artifact_id: d.id,
      subtype: d.type,
      path: d.path ?? '',
      metadata: d.metadata,
      jobs: d.jobs.map((j) => ({ job_id: j.job_id, direction: j.direction })),
      created_at: d.created_at,
      updated_at: d.updated_at,
    })),
    page_info: { has_next: page.has_next, end_cursor: page.end_cursor, total_count: page.total_count },
  };
}

export const emptyPage = { items: [], page_info: { has_next: false, end_cursor: null, total_count: 0 } };
