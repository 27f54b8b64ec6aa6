import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchIndexer, type IndexRounds } from '../../src/store/search/indexer.js';

/** Rounds over a backlog of `rows`, `batch` a round, while others write `writing` rows a second. */
function fakeStore(rows: number, writing: number, batch = 10) {
  const state = { rows, rounds: 0, written: 0, since: Date.now() };
  const rounds: IndexRounds = {
    backlog: async () => ({ waiting: state.rows > 0, written: state.written + Math.floor(((Date.now() - state.since) * writing) / 1000) }),
    round: async () => {
      // A round takes a while, as one would.
      await new Promise((resolve) => setTimeout(resolve, 10));
      state.rounds++;
      const worked = state.rows > 0;
      state.rows = Math.max(0, state.rows - batch);
      return worked;
    },
  };
  return { state, indexer: new SearchIndexer(rounds, { idleMs: 500, onError: (error) => expect.fail(String(error)) }) };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the search indexer', () => {
  it('indexes what is waiting, a round after another, then looks again now and then', async () => {
    const { state, indexer } = fakeStore(100, 0);
    indexer.start();
    await vi.advanceTimersByTimeAsync(200);
    expect(state.rows).toBe(0);
    const rounds = state.rounds;
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.rounds).toBe(rounds);
    await indexer.stop();
  });

  it('leaves a bulk load alone, and indexes after it or after five seconds of it', async () => {
    const { state, indexer } = fakeStore(1000, 50_000);
    indexer.start();
    // Rounds until the rate is known (a quarter second), then none while the rows pour in.
    await vi.advanceTimersByTimeAsync(300);
    const known = state.rounds;
    await vi.advanceTimersByTimeAsync(4000);
    expect(state.rounds).toBe(known);
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.rounds).toBeGreaterThan(known);
    await indexer.stop();
  });

  it('stays still while paused, and drains on demand', async () => {
    const { state, indexer } = fakeStore(100, 0);
    await indexer.pause();
    indexer.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(state.rounds).toBe(0);
    const drained = indexer.drain();
    await vi.advanceTimersByTimeAsync(200);
    await drained;
    expect(state.rows).toBe(0);
    indexer.resume();
    await indexer.stop();
  });
});
