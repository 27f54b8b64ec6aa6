import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from '../../src/domain/time-ordered-id.js';

describe('time-ordered datapoint ids', () => {
  it('are RFC 9562 version 7 UUIDs carrying their millisecond, sorting by it, and never repeat', () => {
    const at = Date.UTC(2026, 11, 7, 22, 30);
    const id = timeOrderedUuid(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace('-', '').slice(0, 12), 16)).toBe(at);
    const later = Array.from({ length: 50 }, (_, i) => timeOrderedUuid(at + 1 + i));
    expect([...later].sort()).toEqual(later);
    expect(later.every((l) => l > id)).toBe(true);
    const many = new Set(Array.from({ length: 100_000 }, () => timeOrderedUuid(at)));
    expect(many.size).toBe(100_000);
  });
});
