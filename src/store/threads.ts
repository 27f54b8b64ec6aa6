import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread running a module of this code base, given as the URL of its
 * file beside the caller (see sibling). Compiled, the module is plain JavaScript; from
 * sources (tests, `npm run dev`) the thread registers tsx first, since a worker thread
 * does not inherit the loader its parent was started with.
 */
export function startWorker(module: URL, options: WorkerOptions = {}): Worker {
  if (!module.pathname.endsWith('.ts')) return new Worker(module, options);
  const loader = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`;
  return new Worker(loader, { ...options, eval: true });
}

/** The module `name` in the same folder as `base` (a caller's import.meta.url), as this build has it: .ts from sources, .js compiled. */
export const sibling = (base: string, name: string): URL => new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
