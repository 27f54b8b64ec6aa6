#!/usr/bin/env node
// `node scripts/dev-tools.mjs [COMMAND [ARGS…]]`: runs COMMAND with the development tools
// of test/package.json (vitest, eslint, prettier, redocly, spectral, openapi-typescript…)
// on its PATH, installing them into test/node_modules first when they are missing or
// their package.json or lockfile changed. Without a COMMAND it only installs them.
//
// They live in a package of their own, not a workspace, so that `npm install` at the root
// installs only what the server and its build need: a user who runs the server never
// downloads the linters, the browser driver or the test runner.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TOOLS = path.join(import.meta.dirname, '..', 'test');
const STAMP = path.join(TOOLS, 'node_modules', '.datashelf-dev-tools');

/** What the installed tools were installed from: the manifest and the lockfile, as installed. */
function fingerprint() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(fs.readFileSync(path.join(TOOLS, file)));
  return hash.digest('hex');
}

function ensureInstalled() {
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === fingerprint()) return;
  console.error('datashelf: installing the development tools (test/package.json) into test/node_modules');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: TOOLS, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
  fs.writeFileSync(STAMP, fingerprint());
}

ensureInstalled();
const [command, ...args] = process.argv.slice(2);
if (command) {
  const bin = path.join(TOOLS, 'node_modules', '.bin');
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  // The tool gets what this process is sent (a terminal's Ctrl-C reaches both anyway).
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`datashelf: cannot run ${command}: ${error.message}`);
    process.exitCode = 127;
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (signal ? os.constants.signals[signal] : 1);
  });
}
