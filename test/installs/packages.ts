import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCommand, type Finished } from '../helpers/shell.js';

/** The repository: what is packed. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The release's version, which every package carries. */
export const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A fresh, empty directory: where a package is installed, as on a machine that never saw the repository. */
export const cleanDirectory = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `datashelf-${name}-`));

/** Asserts a command succeeded, showing what it printed when it did not. */
export function succeeded(finished: Finished): string {
  expect(finished.code, `${finished.stdout}\n${finished.stderr}`).toBe(0);
  return finished.stdout;
}

/**
 * `npm pack` of the repository (or of a workspace, `-w NAME`) into a directory, as built
 * (the tests' pretest script builds; pack would run the same build as its prepare step).
 */
export async function npmPack(into: string, args: string[] = []): Promise<string> {
  const out = succeeded(await runCommand(['npm', 'pack', '--ignore-scripts', '--pack-destination', into, ...args], { cwd: ROOT }));
  return path.join(into, out.trim().split('\n').pop()!);
}
