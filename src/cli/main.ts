import { parseArgs, type ParseArgsConfig } from 'node:util';
import { callJson, CliError, usage, type Target } from './client.js';
import { createDataset, listDatasets, removeDataset, showDataset } from './datasets.js';
import { exportDataset } from './export.js';
import { importFile } from './import.js';
import { createKey, listKeys, revokeKey } from './keys.js';
import { Progress } from './progress.js';
import { DEFAULT_URL, configFile, readSaved, resolveTarget, timeoutMs, writeSaved } from './settings.js';
import { USAGE } from './usage.js';
import { restoreVersion, tagVersion } from './tags.js';
import { cutDataset, diffVersions, listVersions } from './versions.js';

const OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  timeout: { type: 'string' },
  project: { type: 'string' },
  json: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  description: { type: 'string' },
  format: { type: 'string' },
  map: { type: 'string', multiple: true },
  type: { type: 'string', multiple: true },
  rest: { type: 'string' },
  'tag-separator': { type: 'string' },
  'metadata-only': { type: 'boolean' },
  upsert: { type: 'boolean' },
  sync: { type: 'boolean' },
  replace: { type: 'boolean' },
  message: { type: 'string' },
  'base-version': { type: 'string' },
  split: { type: 'string' },
  create: { type: 'boolean' },
  version: { type: 'string' },
  output: { type: 'string', short: 'o' },
  tag: { type: 'string' },
  source: { type: 'string' },
  persona: { type: 'string' },
  detail: { type: 'boolean' },
  container: { type: 'string' },
  filters: { type: 'string' },
  search: { type: 'string' },
  size: { type: 'string' },
  role: { type: 'string' },
  files: { type: 'string' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage(`${(error as Error).message}\nrun datashelf --help for the commands`);
  }
}

/** Checks the key against the server, then keeps URL, key and project in the config file (mode 600). */
async function login(values: Values): Promise<string> {
  const saved = readSaved();
  const key = values.key ?? process.env.DATASHELF_KEY;
  if (!key) throw usage('give the key: datashelf login --key KEY (or set DATASHELF_KEY)');
  const target: Target = {
    url: values.url ?? process.env.DATASHELF_URL ?? saved.url ?? DEFAULT_URL,
    key,
    timeoutMs: timeoutMs(values.timeout),
  };
  try {
    await callJson(target, '/v1/datasets?limit=1');
  } catch (error) {
    // The instance admin key has no project's datasets to list, but it was accepted.
    if (!(error instanceof CliError && /HTTP 403/.test(error.message))) throw error;
  }
  writeSaved({ url: target.url, key, ...((values.project ?? saved.project) && { project: values.project ?? saved.project }) });
  return `logged in to ${target.url}; saved in ${configFile()}\n`;
}

async function run(argv: string[]): Promise<string | void> {
  const { values, positionals } = parse(argv);
  const [command, ...args] = positionals;
  if (values.help || !command) return USAGE;
  if (command === 'login') return login(values);
  const target = resolveTarget(values);
  const json = values.json === true;
  const progress = Progress.for(!values['no-progress'] && !json);
  const project = values.project ?? readSaved().project;
  switch (command) {
    case 'datasets': {
      const [sub, name] = args;
      if (sub === 'ls') return listDatasets(target, json);
      if (sub === 'create') return createDataset(target, name, values.description, json);
      if (sub === 'show') return showDataset(target, name, json);
      if (sub === 'rm') return removeDataset(target, name);
      throw usage('datashelf datasets ls | create NAME | show DATASET | rm DATASET');
    }
    case 'import':
      return importFile(target, args[0], args[1], values, progress);
    case 'export':
      return exportDataset(target, args[0], values, progress);
    case 'versions':
      return listVersions(target, args[0], json);
    case 'diff':
      return diffVersions(target, args[0], args[1], args[2], values.detail, json);
    case 'cut':
      return cutDataset(target, args[0], values, json);
    case 'tag':
      return tagVersion(target, args[0], args[1], args[2], json);
    case 'restore':
      return restoreVersion(target, args[0], args[1], values.message, json);
    case 'keys': {
      const [sub, arg] = args;
      if (sub === 'ls') return listKeys(target, project, json);
      if (sub === 'create') return createKey(target, project, arg, values.role, json);
      if (sub === 'revoke') return revokeKey(target, project, arg);
      throw usage('datashelf keys ls | create NAME | revoke ID');
    }
    default:
      throw usage(`unknown command "${command}"; run datashelf --help for the commands`);
  }
}

/** A local file that cannot be read or written is a usage error; anything else unforeseen a failure. */
function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const e = error as NodeJS.ErrnoException;
  if (e.code && e.path) return usage(`${e.path}: ${e.message.replace(/^\w+: /, '').replace(/, \w+ '.*'$/, '')}`);
  return new CliError(e.message ?? String(error));
}

run(process.argv.slice(2)).then(
  (output) => {
    if (output) process.stdout.write(output);
  },
  (error: unknown) => {
    const failure = asCliError(error);
    process.stderr.write(`datashelf: ${failure.message}\n`);
    process.exitCode = failure.exitCode;
  },
);
