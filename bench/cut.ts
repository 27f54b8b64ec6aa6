import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { parseFilters } from '../src/domain/filters.js';
import { findContainer, insertEvents, matchingEvents } from '../src/store/telemetry.js';
import { benchServer, fmt, median, time } from './lib.js';

const FILTERS = [
  { key: 'status', operator: 'equals', value: 'ok' },
  { key: 'attributes.customer.tier', operator: 'in', value: ['gold', 'platinum'] },
  { key: 'latency_ms', operator: 'less_than', value: 800 },
];

/** (gateway) cut a 10,000-datapoint dataset from 1,000,000 events, against the bare query selecting the same rows. */
export async function cutBench(events: number, size: number, rounds = 5): Promise<string[]> {
  const server = await benchServer();
  try {
    const container = await server.services.telemetry.createContainer(server.caller, { label: 'prod' });
    const row = (await findContainer(server.store, server.caller.projectId!, container.id))!;
    const tiers = ['free', 'gold', 'silver', 'platinum'];
    const start = Date.UTC(2026, 0, 1);
    for (let offset = 0; offset < events; offset += 50_000) {
      await server.store.transaction((tx) =>
        insertEvents(
          tx,
          row.seq,
          Array.from({ length: Math.min(50_000, events - offset) }, (_, j) => {
            const i = offset + j;
            return {
              id: randomUUID(),
              model_name: i % 3 ? 'gpt-4o' : 'llama',
              status: i % 5 ? 'ok' : 'error',
              input: JSON.stringify({ question: `question ${i}` }),
              output: JSON.stringify(`answer ${i}`),
              latency_ms: (i * 37) % 1000,
              input_tokens: 20,
              output_tokens: 40,
              created_at: new Date(start + i * 1000).toISOString(),
              attributes: JSON.stringify({ customer: { tier: tiers[i % 4], id: i % 1000 }, region: 'eu' }),
            };
          }),
        ),
      );
    }
    // What autovacuum would do shortly after a bulk load; SQLite has no such step.
    if (server.store.dialect.name === 'postgres') await sql`analyze events`.execute(server.store.db);
    const filters = parseFilters(FILTERS);
    const bare: number[] = [];
    const cut: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const [bareMs, rows] = await time(() => server.store.transaction((tx) => matchingEvents(tx, row.seq, filters, null, size)));
      if (rows.length !== size) throw new Error(`only ${rows.length} events match`);
      bare.push(bareMs);
      const [cutMs, res] = await time(() =>
        fetch(`${server.url}/v1/datasets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `cut-${r}`, container: 'prod', size, filters: FILTERS }),
        }),
      );
      if (res.status !== 201) throw new Error(`cut failed: ${res.status} ${await res.text()}`);
      cut.push(cutMs);
    }
    return [
      `cut of ${size} datapoints from ${events} events (3 filters) on ${server.store.dialect.name}, median of ${rounds}`,
      `  bare filtered select of the rows: ${fmt(median(bare), 1)} ms`,
      `  POST /v1/datasets (select, snapshot as version 1): ${fmt(median(cut), 1)} ms`,
      `  ratio cut / bare select: ${fmt(median(cut) / median(bare))}x`,
    ];
  } finally {
    await server.close();
  }
}
