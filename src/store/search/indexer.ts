import type { StoreOptions } from '../store.js';

/** Where writing stands, as the indexer reads it between rounds. */
export interface Backlog {
  /** Rows (or versions) wait to be indexed. */
  waiting: boolean;
  /** A counter of datapoint rows inserted (the row id's): how fast they are being written. */
  written: number;
}

/** What one store does to keep its search indexes up with the rows written. */
export interface IndexRounds {
  /** Cheap reads: whether a round would find work, and the rows written so far. */
  backlog(): Promise<Backlog>;
  /** One round: a batch indexed in one transaction; resolves with whether there was anything to do. */
  round(): Promise<boolean>;
}

/**
 * Rows arriving faster than this (a second) are a bulk load under way (an import): the
 * indexer leaves it the writer and the processor, and indexes its rows after it...
 */
const BULK_ROWS_PER_S = 2000;
/** ...looking again this often... */
const BULK_CHECK_MS = 250;
/** ...but waiting no longer than this at a stretch, so rows written steadily and fast are indexed too. */
const BULK_WAIT_MAX_MS = 5000;

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
  /** The last reading of rows written, and the rate since the one before. */
  private seen: { written: number; at: number; perSecond: number } | null = null;
  /** Since when the indexer has been leaving a bulk load alone. */
  private deferredSince: number | null = null;

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
    while ((await this.step()) || (await this.rounds.backlog()).waiting);
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
    let next = this.options.idleMs;
    try {
      const { waiting, written } = await this.rounds.backlog();
      const now = performance.now();
      if (!waiting) this.deferredSince = null;
      else if (this.bulkRate(written, now) > BULK_ROWS_PER_S && (this.deferredSince ??= now) > now - BULK_WAIT_MAX_MS) next = BULK_CHECK_MS;
      else {
        this.deferredSince = null;
        next = (await this.step()) ? 0 : this.options.idleMs;
      }
    } catch (error) {
      this.options.onError(error);
    }
    this.schedule(next);
  }

  /** Rows written a second, over the last reading at least a check apart (back-to-back rounds read too often to tell). */
  private bulkRate(written: number, now: number): number {
    if (!this.seen) this.seen = { written, at: now, perSecond: 0 };
    else if (now - this.seen.at >= BULK_CHECK_MS)
      this.seen = { written, at: now, perSecond: ((written - this.seen.written) * 1000) / (now - this.seen.at) };
    return this.seen.perSecond;
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
