import type { FastifyBaseLogger } from 'fastify';

/**
 * The same signal again this soon is the same request, not a second one: npm passes on
 * to the server the signal a terminal or supervisor sent to its whole process group.
 */
const REPEAT_WINDOW_MS = 1000;
/** The longest the last log lines may take to reach a slow reader of stdout before exit. */
const FLUSH_MS = 2000;

export interface Stopping {
  log: FastifyBaseLogger;
  /** Drains in-flight requests and closes everything; resolves when the process may exit. */
  stop: () => Promise<void>;
  /** Waits, at most `ms`, for the log lines written so far to go out. */
  flush: (ms: number) => Promise<void>;
  timeoutMs: number;
}

/**
 * SIGTERM / SIGINT: drain, close, exit 0. Shutdown always ends within `timeoutMs`: past
 * it, or at a second signal (the other one, or the same one again after a second), the
 * process exits at once with code 1 and a log line saying so, whatever is still running.
 */
export function exitOnSignals(stopping: Stopping): void {
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!first) {
      first = { signal, at: Date.now() };
      void shutDown(stopping, signal);
      return;
    }
    if (signal === first.signal && Date.now() - first.at < REPEAT_WINDOW_MS) return;
    stopping.log.fatal({ signal }, 'second signal: exiting now, with work unfinished');
    process.exit(1);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Drains and closes, then exits: 0, or 1 when closing failed, or 1 at once past the bound. */
async function shutDown({ log, stop, flush, timeoutMs }: Stopping, signal: NodeJS.Signals): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  log.info({ signal }, 'shutting down: finishing in-flight requests');
  const bound = setTimeout(() => {
    log.fatal({ timeout_ms: timeoutMs }, `shutdown did not finish in ${timeoutMs / 1000} s: exiting with work unfinished`);
    process.exit(1);
  }, timeoutMs);
  let code = 0;
  try {
    await stop();
  } catch (err) {
    log.error({ err }, 'shutdown failed');
    code = 1;
  }
  // Within the bound, so that passing it stays the one way out with work unfinished.
  await flush(Math.min(FLUSH_MS, deadline - Date.now() - 100));
  clearTimeout(bound);
  process.exit(code);
}
