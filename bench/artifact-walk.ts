import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { insertDataset } from '../src/store/datasets.js';
import { benchServer, fmt, median, time } from './lib.js';

/** (robotics surface) walk every artifact by end_cursor, 100 a page: the last pages against the first. */
export async function artifactWalkBench(count: number): Promise<string[]> {
  const server = await benchServer();
  try {
    for (let start = 0; start < count; start += 1000) {
      await server.store.transaction(async (tx) => {
        for (let i = start; i < Math.min(start + 1000, count); i++) {
          const type = i % 2 ? 'lerobot_v3' : 'sarm_progress';
          const at = new Date().toISOString();
          await insertDataset(tx, {
            id: randomUUID(),
            project_id: server.caller.projectId!,
            owner_user_id: null,
            name: `artifact-${i}`,
            type,
            path: `org/robot-${i}`,
            repo_name: `artifact-${i}`,
            created_at: at,
          });
        }
      });
    }
    if (server.store.dialect.name === 'postgres') await sql`vacuum analyze datasets`.execute(server.store.db);
    const headers = { 'x-api-key': server.key };
    const pageTimes: number[] = [];
    let cursor: string | null = null;
    let seen = 0;
    const [totalMs] = await time(async () => {
      for (;;) {
        const url: string = `${server.url}/compat/robotics/v1/datasets/list?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const [ms, body] = await time(
          async () =>
            (await (await fetch(url, { headers })).json()) as { items: unknown[]; page_info: { has_next: boolean; end_cursor: string } },
        );
        pageTimes.push(ms);
        seen += body.items.length;
        if (!body.page_info.has_next) break;
        cursor = body.page_info.end_cursor;
      }
    });
    if (seen !== count) throw new Error(`walked ${seen} of ${count}`);
    const first = median(pageTimes.slice(0, 20));
    const last = median(pageTimes.slice(-20));
    return [
      `/compat/robotics walk of ${count} artifacts, 100 a page (${pageTimes.length} pages, ${fmt(totalMs / 1000)} s) on ${server.store.dialect.name}`,
      `  first 20 pages, median: ${fmt(first, 3)} ms`,
      `  last 20 pages, median:  ${fmt(last, 3)} ms`,
      `  ratio last / first: ${fmt(last / first)}x`,
    ];
  } finally {
    await server.close();
  }
}
