import { DomainError } from '../domain/errors.js';
import { LIMITS } from '../model/limits.js';

const MIB = 1024 * 1024;
const size = (bytes: number) => (bytes >= 1024 * MIB ? `${bytes / (1024 * MIB)} GiB` : `${bytes / MIB} MiB`);

/**
 * What a compressed body has become so far, against what it may become: at most
 * `limit` bytes (its kind's), and at most LIMITS.inflateRatioMax times the compressed
 * bytes the decoder has taken, past the first LIMITS.inflateFreeBytes. Checked as each
 * piece is made, so a bomb is stopped within a piece of passing either bound.
 */
export class Inflation {
  private made = 0;
  /** Compressed bytes the decoder has taken in so far; the decoder says how it counts them. */
  taken: () => number = () => 0;

  constructor(
    private readonly limit: number,
    private readonly onBytes: (count: number) => void,
  ) {}

  /** Counts `count` more decompressed bytes: the error to stop with when they pass a bound, else null. */
  add(count: number): DomainError | null {
    this.made += count;
    this.onBytes(count);
    if (this.made > this.limit) {
      return new DomainError('payload_too_large', `this body may be at most ${size(this.limit)} (${this.limit} bytes) once decompressed`);
    }
    if (this.made > Math.max(LIMITS.inflateFreeBytes, LIMITS.inflateRatioMax * this.taken())) {
      return new DomainError(
        'payload_too_large',
        `a compressed body may expand at most ${LIMITS.inflateRatioMax} times past its first ${size(LIMITS.inflateFreeBytes)}; this one expands more`,
      );
    }
    return null;
  }
}
