#!/usr/bin/env -S node --max-old-space-size=1024
// The server, as `npm start` runs it (the heap ceiling: the README's "Memory"), compiled to
// dist/ by `npm install` (the prepare script) or shipped built in the package.
await import('../dist/main.js');
