import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/shell.js';
import { ROOT, succeeded } from './packages.js';
import { engine, ENGINE, expectImported, firstProject, IMAGE, importWithCli, untilHealthy, untilLogged } from './containers.js';

/**
 * The compose command (`podman-compose`, `docker compose`). Unset, this test is skipped: it
 * needs it, an image built from the Dockerfile (DATASHELF_IMAGE), and the images compose.yaml
 * names for PostgreSQL and the object store (CI builds stand-ins for them, .ci/stand-ins).
 */
const COMPOSE = process.env.DATASHELF_COMPOSE?.split(' ');
const PROJECT = `datashelf-test-${randomBytes(4).toString('hex')}`;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const ADMIN = hex(16);
/** The file's health checks, as compose.yaml declares them (5 s apart, 20 tries). */
const HEALTH = { interval: 5_000, retries: 20 };

/** A port no one listens on now, for the service to publish. */
async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The secrets compose.yaml reads from the environment (a user's would be in .env). */
const SECRETS = {
  POSTGRES_PASSWORD: hex(16),
  S3_ACCESS_KEY_ID: `datashelf${hex(4)}`,
  S3_SECRET_ACCESS_KEY: hex(20),
  DATASHELF_ADMIN_KEY: ADMIN,
  DATASHELF_JWT_SECRET: hex(32),
};

let port = 0;
const anonymousVolumes: string[] = [];
const compose = (...args: string[]) =>
  runCommand([...COMPOSE!, '--project-name', PROJECT, '--file', path.join(ROOT, 'compose.yaml'), ...args], {
    env: { ...process.env, ...SECRETS, DATASHELF_IMAGE: IMAGE, DATASHELF_PORT: String(port) },
  });
const containerOf = (service: string) =>
  engine(
    'ps',
    '--all',
    '--quiet',
    '--filter',
    `label=com.docker.compose.project=${PROJECT}`,
    '--filter',
    `label=com.docker.compose.service=${service}`,
  );

/**
 * Brings the stack up in the order its conditions ask: the stores first, datashelf once
 * both are healthy (podman-compose orders by depends_on but does not wait on conditions,
 * so the test waits, as docker compose would); resolves with datashelf's URL.
 */
async function up(): Promise<string> {
  succeeded(await compose('up', '--detach', 'postgres', 's3'));
  await untilHealthy(await containerOf('postgres'), HEALTH);
  await untilHealthy(await containerOf('s3'), HEALTH);
  succeeded(await compose('up', '--detach', 'datashelf'));
  const datashelf = await containerOf('datashelf');
  anonymousVolumes.push(
    ...(await engine('inspect', '--format', '{{range .Mounts}}{{.Name}} {{end}}', datashelf)).split(' ').filter(Boolean),
  );
  await untilLogged(datashelf, 'Server listening at');
  expect((await runCommand([ENGINE, 'healthcheck', 'run', datashelf])).code).toBe(0);
  return `http://127.0.0.1:${port}`;
}

/** The keys under the bucket's prefix, listed through the S3 API with the AWS SDK in the datashelf image. */
async function bucketKeys(): Promise<string[]> {
  const script = `
    const { S3Client, ListObjectsV2Command } = require('/opt/datashelf/lib/node_modules/datashelf/node_modules/@aws-sdk/client-s3');
    const env = process.env;
    const client = new S3Client({ endpoint: env.DATASHELF_S3_ENDPOINT, forcePathStyle: true, region: 'us-east-1',
      credentials: { accessKeyId: env.DATASHELF_S3_ACCESS_KEY_ID, secretAccessKey: env.DATASHELF_S3_SECRET_ACCESS_KEY } });
    client.send(new ListObjectsV2Command({ Bucket: env.DATASHELF_S3_BUCKET, Prefix: 'datashelf/sha256/' }))
      .then((r) => console.log(JSON.stringify((r.Contents ?? []).map((o) => o.Key))));`;
  return JSON.parse(await engine('exec', await containerOf('datashelf'), 'node', '-e', script));
}

afterAll(async () => {
  if (!COMPOSE) return;
  await compose('down', '--volumes');
  // What podman-compose leaves behind (docker compose removes both): the volumes each
  // datashelf container got for the image's /data, and the project's network.
  await runCommand([ENGINE, 'volume', 'rm', '--force', ...anonymousVolumes]);
  const networks = await runCommand([ENGINE, 'network', 'ls', '--quiet', '--filter', `label=com.docker.compose.project=${PROJECT}`]);
  await runCommand([ENGINE, 'network', 'rm', '--force', ...networks.stdout.split('\n').filter(Boolean)]);
});

describe.runIf(COMPOSE && IMAGE)('compose.yaml: datashelf on PostgreSQL with attachments in an S3-compatible store', () => {
  it('serves a first session, keeps the attachment bytes in the bucket, and keeps everything when the stack is brought down and up again', async () => {
    port = await freePort();
    let url = await up();
    const key = await firstProject(url, ADMIN);
    await importWithCli(await containerOf('datashelf'), key);

    const bytes = randomBytes(64 * 1024);
    const upload = await fetch(`${url}/v1/attachments?filename=noise.bin`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(upload.status).toBe(201);
    const { id, sha256 } = (await upload.json()) as { id: string; sha256: string };
    const download = async () =>
      Buffer.from(await (await fetch(`${url}/v1/attachments/${id}`, { headers: { authorization: `Bearer ${key}` } })).arrayBuffer());
    expect((await download()).equals(bytes)).toBe(true);
    // In the bucket, and nothing in the datashelf container's own data directory.
    expect(await bucketKeys()).toEqual([`datashelf/sha256/${sha256}`]);
    expect((await runCommand([ENGINE, 'exec', await containerOf('datashelf'), 'test', '-e', '/data/blobs'])).code).not.toBe(0);

    // Every container gone, the volumes kept: new ones find the dataset and the bytes.
    succeeded(await compose('down'));
    url = await up();
    await expectImported(url, key);
    expect((await download()).equals(bytes)).toBe(true);
  });
});
