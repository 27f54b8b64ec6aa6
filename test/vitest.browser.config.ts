import { defineConfig } from 'vitest/config';

/** The web UI's browser tests (npm run test:browser): the real server and headless Chromium. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One Chromium at a time: two cores are shared with the server under test.
    fileParallelism: false,
  },
});
