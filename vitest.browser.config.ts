// The configuration lives in test/, beside the tools it imports (test/package.json).
export { default } from './test/vitest.browser.config.js';
