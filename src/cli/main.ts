import { parseArgs } from 'node:util';
import { CliError, type Target } from './client.js';
import { exportDataset } from './export.js';
import { importFile } from './import.js';

const USAGE = `datashelf — command line for a datashelf server

  datashelf import <dataset-id> <file.jsonl|file.csv> [--message M] [--replace] [--base-version N]
  datashelf export <dataset-id> [--format jsonl|csv] [--version N] [-o FILE]

  --url URL      the server (default $DATASHELF_URL, else http://127.0.0.1:8080)
  --key KEY      a project API key (default $DATASHELF_KEY)
  --no-progress  no progress bar
`;

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      message: { type: 'string' },
      replace: { type: 'boolean' },
      'base-version': { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
      version: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, datasetId, file] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  const key = values.key ?? process.env.DATASHELF_KEY;
  if (!key) throw new CliError('an API key is needed: --key or DATASHELF_KEY');
  const target: Target = { url: values.url ?? process.env.DATASHELF_URL ?? 'http://127.0.0.1:8080', key };
  const progress = !values['no-progress'] && process.stderr.isTTY === true;
  const integer = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new CliError(`--${name} must be a whole number`);
    return Number(raw);
  };

  if (command === 'import' && datasetId && file) {
    const version = await importFile(target, datasetId, file, {
      message: values.message,
      replace: values.replace,
      baseVersion: integer('base-version', values['base-version']),
      progress,
    });
    process.stdout.write(JSON.stringify(version) + '\n');
  } else if (command === 'export' && datasetId) {
    if (values.format !== 'jsonl' && values.format !== 'csv') throw new CliError('--format must be jsonl or csv');
    await exportDataset(target, datasetId, {
      format: values.format,
      version: integer('version', values.version),
      output: values.output,
      progress,
    });
  } else {
    throw new CliError(`unknown command or missing arguments\n\n${USAGE}`);
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`datashelf: ${error instanceof CliError || error instanceof TypeError ? error.message : String(error)}\n`);
  process.exit(1);
});
