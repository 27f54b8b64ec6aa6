#!/usr/bin/env node
// The CLI is TypeScript; tsx (a runtime dependency) loads it.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
