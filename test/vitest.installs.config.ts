import { defineConfig } from 'vitest/config';

/** The packages installed into clean directories, and the container image alone and in compose.yaml, each used for a first session (npm run test:installs). */
export default defineConfig({
  test: {
    include: ['test/installs/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
