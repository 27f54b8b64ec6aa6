import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { benchServer, fmt, median, throughput } from './lib.js';

/** (c) GET /v1/datasets/{id} (auth, store read, schema serialisation) against a bare Fastify route sending a similar body. */
export async function getDatasetBench(seconds: number): Promise<string[]> {
  const server = await benchServer();
  const bare = Fastify();
  try {
    const ds = await server.services.datasets.create(server.caller, {
      name: 'get-bench',
      description: 'a dataset read in a loop',
      tags: ['a', 'b'],
      metadata: { team: 'ml', purpose: 'bench' },
    });
    const body = await server.services.datasets.get(server.caller, ds.id);
    bare.get('/dataset', async () => body);
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/dataset`;
    const dsUrl = `${server.url}/v1/datasets/${ds.id}`;
    const headers = { authorization: `Bearer ${server.key}` };
    await throughput(bareUrl, {}, 1);
    await throughput(dsUrl, headers, 1);
    // One-second turns, alternating which goes first: on a shared machine the load
    // changes from second to second, and each turn's ratio compares like with like.
    const turns: { bare: number; ds: number }[] = [];
    for (let i = 0; i < seconds; i++) {
      const measure = { bare: () => throughput(bareUrl, {}, 1), ds: () => throughput(dsUrl, headers, 1) };
      const [first, second] = i % 2 ? (['ds', 'bare'] as const) : (['bare', 'ds'] as const);
      const turn = { bare: 0, ds: 0 };
      turn[first] = await measure[first]();
      turn[second] = await measure[second]();
      turns.push(turn);
    }
    const mean = (pick: (t: { bare: number; ds: number }) => number) => turns.reduce((sum, t) => sum + pick(t), 0) / turns.length;
    return [
      `GET one dataset on ${server.store.dialect.name} (${seconds} alternating 1 s turns each, 8 concurrent)`,
      `  bare Fastify route:   ${Math.round(mean((t) => t.bare))} req/s`,
      `  GET /v1/datasets/{id}: ${Math.round(mean((t) => t.ds))} req/s`,
      `  ratio datashelf / bare: ${fmt(median(turns.map((t) => t.ds / t.bare)))} (median of the turns' ratios)`,
    ];
  } finally {
    await bare.close();
    await server.close();
  }
}
