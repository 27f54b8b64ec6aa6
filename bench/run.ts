import { artifactWalkBench } from './artifact-walk.js';
import { bulkInsertBench } from './bulk-insert.js';
import { attachmentsBench } from './attachments.js';
import { curationBench } from './curation.js';
import { cutBench } from './cut.js';
import { deepPageBench } from './deep-page.js';
import { getDatasetBench } from './get-dataset.js';
import { hfBench } from './hf.js';
import { importBench } from './import.js';
import { uiBench } from './ui.js';
import { versionedPagesBench } from './versioned-pages.js';

/**
 * Runs the benchmarks named on the command line (default: all). Every figure is a
 * ratio to a baseline measured in the same run, since these machines are noisy.
 * `BENCH_SCALE` (default 1) scales the data sizes down for a quick look.
 */
const scale = Number(process.env.BENCH_SCALE ?? '1');
const benches: Record<string, () => Promise<string[]>> = {
  import: () => importBench(Math.round(1_000_000 * scale)),
  'bulk-insert': () => bulkInsertBench(Math.round(200_000 * scale)),
  'deep-page': () => deepPageBench(Math.round(500_050 * scale)),
  attachments: () => attachmentsBench(Math.max(16, Math.round(1024 * scale))),
  'get-dataset': () => getDatasetBench(Math.max(2, Math.round(10 * scale))),
  'versioned-pages': () => versionedPagesBench(Math.round(200_000 * scale)),
  'artifact-walk': () => artifactWalkBench(Math.round(100_000 * scale)),
  curation: () => curationBench(Math.round(1_000_000 * scale)),
  ui: () => uiBench(Math.round(1_000_000 * scale)),
  hf: () => hfBench(Math.max(16, Math.round(1024 * scale)), Math.round(1_000_000 * scale)),
  cut: () => cutBench(Math.round(1_000_000 * scale), Math.round(10_000 * Math.min(1, scale * 10))),
};

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
for (const name of chosen) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; choose from ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  console.log((await bench()).join('\n') + '\n');
}
