import { chromium, type Browser } from 'playwright-core';

// Scripts and benchmarks outside test/ take the driver's types from here: it is installed in test/node_modules.
export type { Page } from 'playwright-core';

/** As the machine notes advise: no sandbox as root, and no background traffic from a browser on a closed network. */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's headless Chromium (CHROMIUM_PATH points elsewhere), for the browser tests, the UI benchmark and the screenshots. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
}
