import type { StoreOptions } from '../store.js';

/** What one store does to keep its search indexes up with the rows written. */
export interface IndexRounds {
  /** A cheap read: whether a round would find work. */
  waiting(): Promise<boolean>;
  /** One round: a batch indexed in one transaction; resolves with whether there was anything to do. */
  round(): Promise<boolean>;
}

export interface IndexerOptions {
  /** How long to wait before looking again when there was nothing to do. */
  idleMs: number;
  /** Told when a round fails; the next round tries again. */
  onError: (error: unknown) => void;
}

/**
 * Indexes rows behind the commits, a batch per round, in the background of the process
 * that opened the store: writes never wait for the full-text and metadata indexes, and
 * searches check rows not yet indexed one by one (see text-search.ts). Several
 * instances on one PostgreSQL share the work without doing any of it twice.
 */
export class SearchIndexer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Rounds run one at a time: the background's and a drain's. */
  private serial: Promise<unknown> = Promise.resolve();
  private stopped = true;
  private paused = false;

  constructor(
    private readonly rounds: IndexRounds,
    private readonly options: IndexerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops; resolves when a round under way has committed. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settle();
  }

  /** No rounds in the background until `resume`; resolves when a round under way has committed. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.settle();
  }

  resume(): void {
    this.paused = false;
    if (!this.timer && !this.running) this.schedule(0);
  }

  /** Indexes everything written so far, paused or not. */
  async drain(): Promise<void> {
    while ((await this.step()) || (await this.rounds.waiting()));
  }

  /** One round now, paused or not: one batch indexed; resolves with whether there was anything to do. */
  step(): Promise<boolean> {
    const round = this.serial.then(() => this.rounds.round());
    this.serial = round.catch(() => {});
    return round;
  }

  private async settle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped || this.paused) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.background().finally(() => (this.running = null));
    }, ms);
    this.timer.unref();
  }

  private async background(): Promise<void> {
    let worked = false;
    try {
      worked = (await this.rounds.waiting()) && (await this.step());
    } catch (error) {
      this.options.onError(error);
    }
    this.schedule(worked ? 0 : this.options.idleMs);
  }
}

const INDEX_IDLE_MS = 500;

/** A store's indexer, started unless the options leave indexing to another store of the process. */
export function startIndexer(rounds: IndexRounds, options: StoreOptions): SearchIndexer {
  const indexer = new SearchIndexer(rounds, {
    idleMs: INDEX_IDLE_MS,
    onError:
      options.onIndexError ??
      ((error) => process.emitWarning(`search indexing failed; trying again: ${error instanceof Error ? error.message : String(error)}`)),
  });
  if (options.indexInBackground ?? true) indexer.start();
  return indexer;
}
