import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { useServer } from '../helpers/server.js';
import { runCommand } from '../helpers/shell.js';
import { cleanDirectory, npmPack, ROOT, succeeded, VERSION } from './packages.js';

const server = useServer();
const work = cleanDirectory('client-package');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The client README's first session, as JavaScript: what a project without TypeScript would run. */
function firstSessionScript(): string {
  const source = fs.readFileSync(path.join(ROOT, 'clients/typescript/examples/first-session.ts'), 'utf8');
  return ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

describe('the TypeScript client package (npm pack -w @datashelf/client)', () => {
  it(
    'installs alone into a fresh project, with no dependencies, and runs its first session from a script',
    { timeout: 300_000 },
    async () => {
      const tarball = await npmPack(work, ['-w', '@datashelf/client']);
      expect(path.basename(tarball)).toBe(`datashelf-client-${VERSION}.tgz`);
      const project = path.join(work, 'project');
      fs.mkdirSync(project);
      fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'project', private: true, type: 'module' }));
      succeeded(await runCommand(['npm', 'install', '--no-audit', '--no-fund', tarball], { cwd: project }));
      expect(fs.readdirSync(path.join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['@datashelf']);

      fs.writeFileSync(path.join(project, 'first-session.mjs'), firstSessionScript());
      fs.writeFileSync(
        path.join(project, 'rows.jsonl'),
        '{"input":"2+2?","expected_output":"4","external_id":"a"}\n{"input":"3+3?","external_id":"b"}\n',
      );
      const { write } = await server.project();
      const env = { ...process.env, DATASHELF_URL: server.url, DATASHELF_KEY: write };
      const out = succeeded(await runCommand([process.execPath, 'first-session.mjs', 'rows.jsonl'], { cwd: project, env }));
      expect(out.trim().split('\n')).toEqual(['version 1: 2 datapoints', '1 without an expected output', 'changed b']);
    },
  );
});
