import { describe, expect, it } from 'vitest';
import { retriedWhenLost } from '../../src/store/transient.js';

const failing = (codes: (string | undefined)[]) => {
  let calls = 0;
  const work = async () => {
    const code = codes[calls++];
    if (calls <= codes.length) throw Object.assign(new Error(`failed with ${code}`), { code });
    return 'done';
  };
  return { work, calls: () => calls };
};

describe('work that lost to another transaction', () => {
  it('runs again after a deadlock or a serialization failure, and not after any other error', async () => {
    const lost = failing(['40P01', '40001']);
    await expect(retriedWhenLost(lost.work)).resolves.toBe('done');
    expect(lost.calls()).toBe(3);
    const broken = failing(['23505']);
    await expect(retriedWhenLost(broken.work)).rejects.toThrow('failed with 23505');
    expect(broken.calls()).toBe(1);
    const always = failing(Array(10).fill('40P01'));
    await expect(retriedWhenLost(always.work, 3)).rejects.toThrow('failed with 40P01');
    expect(always.calls()).toBe(3);
  });
});
