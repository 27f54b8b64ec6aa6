import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { benchServer, fmt, throughput } from './lib.js';

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
    const bareRps = await throughput(bareUrl, {}, seconds);
    const dsRps = await throughput(dsUrl, headers, seconds);
    return [
      `GET one dataset on ${server.store.dialect.name} (${seconds} s each, 8 concurrent)`,
      `  bare Fastify route:   ${Math.round(bareRps)} req/s`,
      `  GET /v1/datasets/{id}: ${Math.round(dsRps)} req/s`,
      `  ratio datashelf / bare: ${fmt(dsRps / bareRps)}`,
    ];
  } finally {
    await bare.close();
    await server.close();
  }
}
