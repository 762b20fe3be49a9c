import { describe, expect, it } from 'vitest';
import { SeenWorkIds } from '../../../tools/centre-worker/seen-work-ids.ts';

describe('SeenWorkIds', () => {
  it('knows the ids it was given, and no others', () => {
    const seen = new SeenWorkIds(3);
    seen.add('w-1');
    expect(seen.has('w-1')).toBe(true);
    expect(seen.has('w-2')).toBe(false);
  });

  it('forgets the oldest id beyond its capacity, and stays at that size', () => {
    const seen = new SeenWorkIds(3);
    for (const id of ['w-1', 'w-2', 'w-3', 'w-4']) seen.add(id);
    expect(seen.has('w-1')).toBe(false);
    expect(['w-2', 'w-3', 'w-4'].every((id) => seen.has(id))).toBe(true);
    expect(seen.size).toBe(3);
  });

  it('counts an id seen again as the newest, so a busy id is kept longest', () => {
    const seen = new SeenWorkIds(2);
    seen.add('w-1');
    seen.add('w-2');
    seen.add('w-1');
    seen.add('w-3');
    expect(seen.has('w-1')).toBe(true);
    expect(seen.has('w-2')).toBe(false);
  });

  it('refuses a capacity that is not a positive integer', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) expect(() => new SeenWorkIds(capacity)).toThrow(RangeError);
  });
});
