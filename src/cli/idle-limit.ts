/**
 * A bound on waiting for the server: it aborts when `ms` pass without progress (an
 * upload's bytes going out, then the answer), so the CLI never waits forever on a server
 * that stopped reading or answering.
 */
export class IdleLimit {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(
    ms: number,
    private readonly failure: () => Error,
  ) {
    // Never what keeps the CLI running: the request does that while it lasts.
    this.timer = setTimeout(() => this.controller.abort(this.failure()), ms).unref();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Progress was made: the wait starts again. */
  progress(): void {
    this.timer.refresh();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
