import { collect, type Datashelf } from '@datashelf/client';

/** Metric names by id, for showing aggregates and scores by name. */
export async function metricNames(client: Datashelf): Promise<Map<string, string>> {
  const metrics = await collect(client.list<{ id: string; name: string }>('/v1/metrics'));
  return new Map(metrics.map((m) => [m.id, m.name]));
}

export const score = (n: number | null | undefined, digits = 3) => (n === null || n === undefined ? '—' : n.toFixed(digits));
export const signed = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${n > 0 ? '+' : ''}${n.toFixed(3)}`);
