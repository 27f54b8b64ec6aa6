import { describe, expect, it } from 'vitest';
import { selectionFor } from '../../src/domain/numbered-pages.js';

describe('which versions a numbered listing reads', () => {
  it('reads the head by default, nothing before the first version', () => {
    expect(selectionFor({}, 5)).toEqual({ version: 5 });
    expect(selectionFor({}, 0)).toBeNull();
  });

  it('reads one version, or nothing when it is outside the range also given', () => {
    expect(selectionFor({ version: 3 }, 5)).toEqual({ version: 3 });
    expect(selectionFor({ version: 6 }, 5)).toBeNull();
    expect(selectionFor({ version: 0 }, 5)).toBeNull();
    expect(selectionFor({ version: 3, version_min: 4 }, 5)).toBeNull();
    expect(selectionFor({ version: 3, version_max: 2 }, 5)).toBeNull();
  });

  it('clips a range to 1..head', () => {
    expect(selectionFor({ version_min: 2 }, 5)).toEqual({ min: 2, max: 5 });
    expect(selectionFor({ version_max: 9 }, 5)).toEqual({ min: 1, max: 5 });
    expect(selectionFor({ version_min: 0, version_max: 3 }, 5)).toEqual({ min: 1, max: 3 });
    expect(selectionFor({ version_min: 4, version_max: 2 }, 5)).toBeNull();
    expect(selectionFor({ version_min: 6 }, 5)).toBeNull();
  });
});
