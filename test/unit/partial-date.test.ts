import { describe, expect, it } from 'vitest';
import { earliestDay, isAdultOn, latestDay, normalisePartialDate } from '../../schemas/partial-date.ts';

describe('partly known dates', () => {
  it.each([
    ['1990-04-12', '1990-04-12'],
    ['1990-04', '1990-04'],
    ['1990', '1990'],
    ['1990-00-00', '1990'],
    ['1990-04-00', '1990-04'],
    ['2024-02-29', '2024-02-29'],
  ])('normalises %s to %s', (input, reduced) => {
    expect(normalisePartialDate(input)).toBe(reduced);
  });

  it.each(['1990-00-12', '1990-13', '1990-02-30', '2023-02-29', '1990-4', '90', '1990-04-12T00:00', ''])('refuses %j', (input) => {
    expect(normalisePartialDate(input)).toBeUndefined();
  });

  it('spans the days a partly known date can mean', () => {
    expect([earliestDay('1990'), latestDay('1990')]).toEqual(['1990-01-01', '1990-12-31']);
    expect([earliestDay('2024-02'), latestDay('2024-02')]).toEqual(['2024-02-01', '2024-02-29']);
    expect([earliestDay('1990-04-12'), latestDay('1990-04-12')]).toEqual(['1990-04-12', '1990-04-12']);
  });

  it('makes someone adult only when 18 even if born on the last possible day', () => {
    expect(isAdultOn('2008', '2026-12-30')).toBe(false);
    expect(isAdultOn('2008', '2026-12-31')).toBe(true);
    expect(isAdultOn('2008-02', '2026-02-28')).toBe(false);
    expect(isAdultOn('2008-02', '2026-03-01')).toBe(true);
  });
});
