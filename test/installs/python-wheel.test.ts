import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { runCommand } from '../helpers/shell.js';
import { cleanDirectory, ROOT, succeeded, VERSION } from './packages.js';

/** Debian's Python, with setuptools, wheel, pip and venv from apt: no package index is needed. */
const PYTHON = process.env.DATASHELF_PYTHON ?? '/usr/bin/python3';

const server = useServer();
const work = cleanDirectory('python-wheel');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the Python client wheel', () => {
  it('builds, installs into a fresh virtual environment, and runs its first session from there', { timeout: 300_000 }, async () => {
    // Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    const source = path.join(work, 'source');
    fs.cpSync(path.join(ROOT, 'clients/python'), source, { recursive: true, filter: (file) => !/__pycache__|\.pytest_cache/.test(file) });
    const wheels = path.join(work, 'wheels');
    succeeded(await runCommand([PYTHON, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '--wheel-dir', wheels, source]));
    expect(fs.readdirSync(wheels)).toEqual([`datashelf-${VERSION}-py3-none-any.whl`]);

    // httpx and pandas come from the system's site-packages; the client only from the wheel.
    const venv = path.join(work, 'venv');
    succeeded(await runCommand([PYTHON, '-m', 'venv', '--system-site-packages', venv]));
    const python = path.join(venv, 'bin', 'python');
    succeeded(await runCommand([python, '-m', 'pip', 'install', '--no-deps', '--no-index', path.join(wheels, fs.readdirSync(wheels)[0])]));

    const session = path.join(work, 'session');
    fs.mkdirSync(session);
    const where = succeeded(
      await runCommand([python, '-c', 'import datashelf; print(datashelf.__file__); print(datashelf.__version__)'], { cwd: session }),
    );
    expect(where.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${venv}/lib/python3[.0-9]*/site-packages/datashelf/__init__.py$`)),
      VERSION,
    ]);

    fs.writeFileSync(
      path.join(session, 'rows.jsonl'),
      '{"input":"2+2?","expected_output":"4","external_id":"a"}\n{"input":"3+3?","external_id":"b"}\n',
    );
    const { write } = await server.project();
    const env: NodeJS.ProcessEnv = { ...process.env, DATASHELF_URL: server.url, DATASHELF_KEY: write };
    delete env.PYTHONPATH;
    // A copy, so that nothing beside the script (the repository's clients/python) is importable.
    fs.copyFileSync(path.join(ROOT, 'clients/python/examples/first_session.py'), path.join(session, 'first_session.py'));
    const out = succeeded(await runCommand([python, 'first_session.py', 'rows.jsonl'], { cwd: session, env }));
    expect(out.trim().split('\n')).toEqual([
      'version 1: 2 datapoints',
      '1 without an expected output',
      'changed b',
      "2 rows, columns ['id', 'seq', 'order', 'input']",
    ]);
  });
});
