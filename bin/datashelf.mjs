#!/usr/bin/env node
// The CLI, compiled to dist/ by `npm install` (the prepare script).
await import('../dist/cli/main.js');
