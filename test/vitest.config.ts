import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Installing the packages takes minutes: `npm run test:installs` runs them (and .ci/run).
    exclude: [...configDefaults.exclude, 'test/installs/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
