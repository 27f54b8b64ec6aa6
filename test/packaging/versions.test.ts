import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { versionMismatches } from '../../scripts/versions.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;

describe('versions', () => {
  it('are one for the server, the CLI, the TypeScript client and the Python client', () => {
    // When this fails: set the version with `npm version <new>`, which runs scripts/versions.ts.
    expect(versionMismatches()).toEqual([]);
  });

  it('of the tools both installs hold are pinned alike', () => {
    const root = manifest('.');
    const tools = manifest('test').devDependencies!;
    const shared = Object.keys(tools).filter((name) => root.devDependencies?.[name] ?? root.dependencies?.[name]);
    expect(shared.map((name) => [name, tools[name]])).toEqual(
      shared.map((name) => [name, root.devDependencies?.[name] ?? root.dependencies?.[name]]),
    );
  });

  it('of the server dependencies are the same where the tests could import them from test/node_modules', () => {
    // A test file resolves packages from test/node_modules first: a different copy of one the server uses would be tested instead.
    const installed = (dir: string, name: string) => {
      const file = path.join(ROOT, dir, 'node_modules', name, 'package.json');
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest).version : undefined;
    };
    const differing = Object.keys(manifest('.').dependencies!).flatMap((name) => {
      const inTools = installed('test', name);
      return inTools && inTools !== installed('.', name) ? [`${name}: ${installed('.', name)} here, ${inTools} in test/node_modules`] : [];
    });
    expect(differing).toEqual([]);
  });
});
