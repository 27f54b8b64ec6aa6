import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, processEnv, startProcess } from '../helpers/process.js';
import { runBash } from '../helpers/shell.js';
import { cleanDirectory, npmPack, succeeded, VERSION } from './packages.js';

const ADMIN = 'package-admin-key-0123456789abcdef';
const work = cleanDirectory('server-package');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** What only building and developing datashelf needs: a global install must not bring any of it. */
const DEVELOPMENT_ONLY = [
  'typescript',
  'tsx',
  'vite',
  'vitest',
  'eslint',
  'prettier',
  'playwright-core',
  '@redocly/cli',
  'openapi-typescript',
];

/** A first session with the installed command line, in a directory of its own. */
const SESSION = `
export DATASHELF_KEY=$(datashelf keys create me --project acme/ml --key "$ADMIN_KEY" | tail -1)
printf '%s\\n' '{"external_id":"a","input":"2+2?","expected_output":"4"}' '{"external_id":"b","input":"3+3?"}' > rows.jsonl
datashelf import evals rows.jsonl --create --message "first rows"
datashelf datasets ls
datashelf export evals --format jsonl -o evals.jsonl
`;

describe('the server package (npm pack, npm install -g)', () => {
  it(
    'installs globally with datashelf-server and datashelf, without the development tools, and serves a first session',
    { timeout: 900_000 },
    async () => {
      const tarball = await npmPack(work);
      expect(path.basename(tarball)).toBe(`datashelf-${VERSION}.tgz`);
      const prefix = path.join(work, 'global');
      const npmEnv = { ...process.env, npm_config_prefix: prefix };
      succeeded(await runBash(`npm install -g --allow-scripts=better-sqlite3 --no-audit --no-fund ${tarball}`, { cwd: work, env: npmEnv }));
      const installed = path.join(prefix, 'lib', 'node_modules', 'datashelf');
      expect(DEVELOPMENT_ONLY.filter((name) => fs.existsSync(path.join(installed, 'node_modules', name)))).toEqual([]);

      const setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN });
      const server = await startProcess(setup.env, [path.join(prefix, 'bin', 'datashelf-server')]);
      try {
        const page = await fetch(`${server.url}/`);
        expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<div id="root">')]);
        expect((await fetch(`${server.url}/docs`)).status).toBe(200);
        expect((await call(server.url, ADMIN, 'GET', '/openapi.json')).body.info.version).toBe(VERSION);
        await call(server.url, ADMIN, 'POST', '/v1/namespaces', { slug: 'acme', name: 'Acme' });
        await call(server.url, ADMIN, 'POST', '/v1/namespaces/acme/projects', { slug: 'ml', name: 'ML' });

        const home = cleanDirectory('cli-session');
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`,
          DATASHELF_URL: server.url,
          ADMIN_KEY: ADMIN,
          DATASHELF_CONFIG: path.join(home, 'config.json'),
        };
        delete env.DATASHELF_KEY;
        const out = succeeded(await runBash(SESSION, { cwd: home, env }));
        expect(out).toContain('version 1 of "evals": 2 added');
        expect(out).toMatch(/\sevals +1 +2 /);
        const exported = fs
          .readFileSync(path.join(home, 'evals.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        expect(exported.map((d) => [d.external_id, d.input, d.expected_output])).toEqual([
          ['a', '2+2?', '4'],
          ['b', '3+3?', null],
        ]);
        fs.rmSync(home, { recursive: true, force: true });
      } finally {
        server.child.kill('SIGTERM');
        expect(await server.exited).toBe(0);
        await setup.cleanup();
      }
    },
  );
});
