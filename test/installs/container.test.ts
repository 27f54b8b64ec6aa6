import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/shell.js';
import { VERSION } from './packages.js';
import { call, engine, ENGINE, expectImported, firstProject, IMAGE, importWithCli, untilLogged } from './containers.js';

const ADMIN = 'container-admin-key-0123456789abcdef';
const NAME = `datashelf-test-${randomBytes(4).toString('hex')}`;

/** Starts the image with the volume and resolves with its URL once the server says it listens. */
async function start(): Promise<string> {
  await engine(
    'run',
    '--detach',
    '--name',
    NAME,
    '--publish',
    '127.0.0.1::8080',
    '--volume',
    `${NAME}:/data`,
    '--env',
    `DATASHELF_ADMIN_KEY=${ADMIN}`,
    IMAGE!,
  );
  await untilLogged(NAME, 'Server listening at');
  return `http://${await engine('port', NAME, '8080')}`;
}

async function stop(): Promise<void> {
  await runCommand([ENGINE, 'rm', '--force', '--time', '10', NAME]);
}

afterAll(async () => {
  await stop();
  await runCommand([ENGINE, 'volume', 'rm', '--force', NAME]);
});

describe.runIf(IMAGE)('the container image (Dockerfile)', () => {
  it('runs as its own user with the store on a volume, reports healthy, and keeps a first session across a new container', async () => {
    let url = await start();
    expect(await engine('exec', NAME, 'id', '-u')).not.toBe('0');
    expect((await runCommand([ENGINE, 'healthcheck', 'run', NAME])).code).toBe(0);
    expect((await call(url, ADMIN, 'GET', '/openapi.json')).info.version).toBe(VERSION);

    const key = await firstProject(url, ADMIN);
    await importWithCli(NAME, key);

    // A new container on the same volume finds the data the first one stored.
    await stop();
    url = await start();
    await expectImported(url, key);
  });
});
