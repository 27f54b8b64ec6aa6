import { spawn } from 'node:child_process';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, collecting what it prints; it fails only in what the caller asserts. */
export function runCommand(command: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Finished> {
  const child = spawn(command[0], command.slice(1), { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs a script with bash, stopping at the first command that fails (as a reader pasting it would notice). */
export function runBash(script: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Finished> {
  return runCommand(['bash', '-e', '-o', 'pipefail', '-c', script], options);
}

/** The fenced code blocks (```sh) of a markdown document's section, in order: from its heading to the next of its level. */
export function fencedBlocks(markdown: string, heading: string, language = 'sh'): string[] {
  const level = /^#+/.exec(heading)![0];
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^${level} `, 'm'));
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]);
}
