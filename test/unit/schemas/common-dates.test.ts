import { afterEach, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { DateOfBirthSchema, DateSchema, PastDateSchema, todayInGermany } from '../../../schemas/common.ts';
import { addDays, tomorrowInGermany } from '../../support/fixtures.ts';

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

/** Pins the clock (Date only) for the schemas that read "today". */
function atInstant(iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('todayInGermany', () => {
  it('is already the next day in Berlin at 23:30 UTC in winter (UTC+1)', () => {
    expect(todayInGermany(new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-27');
  });

  it('is still the same day in Berlin at 22:59 UTC in winter', () => {
    expect(todayInGermany(new Date('2026-11-26T22:59:59Z'))).toBe('2026-11-26');
  });

  it('is still the same day in Berlin at 21:59 UTC in summer (UTC+2)', () => {
    expect(todayInGermany(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });

  it('turns to the next day in Berlin at 22:00 UTC in summer', () => {
    expect(todayInGermany(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('turns to the new year in Berlin at 23:00 UTC on New Year\u2019s Eve', () => {
    expect(todayInGermany(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(todayInGermany(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });

  it('follows the switch to summer time on the last Sunday of March', () => {
    // 2026-03-29 01:00 UTC: clocks go from 02:00 CET to 03:00 CEST.
    expect(todayInGermany(new Date('2026-03-28T22:59:59Z'))).toBe('2026-03-28');
    expect(todayInGermany(new Date('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
  });

  it('reads the current clock when given no instant', () => {
    atInstant('2026-11-26T23:30:00Z');
    expect(todayInGermany()).toBe('2026-11-27');
  });

  it('is always a YYYY-MM-DD date', () => {
    expect(todayInGermany()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('DateSchema', () => {
  it.each(['2026-11-20', '2024-02-29', '2000-02-29', '1900-01-01', '2027-12-31'])('accepts the real date %s', (date) => {
    expect(accepts(DateSchema, date)).toBe(true);
  });

  it.each([
    ['12.04.1990', 'a German-formatted date'],
    ['1990-4-12', 'a date without leading zeros'],
    ['1990-04-12T00:00:00Z', 'a timestamp'],
    [' 1990-04-12', 'a date with a leading space'],
    ['1990-04-12\n', 'a date with a trailing line break'],
    ['\u0661\u0669\u0669\u0660-\u0660\u0664-\u0661\u0662', 'a date in Arabic-Indic digits'],
    ['', 'an empty string'],
  ])('refuses %j (%s)', (date) => {
    expect(accepts(DateSchema, date)).toBe(false);
  });

  it.each([
    ['2026-02-30', 'the 30th of February'],
    ['2025-02-29', 'the 29th of February in a common year'],
    ['1900-02-29', 'the 29th of February in a century year that is no leap year'],
    ['2026-04-31', 'the 31st of April'],
    ['2026-13-01', 'a 13th month'],
    ['2026-00-10', 'month 0'],
    ['2026-01-00', 'day 0'],
  ])('refuses the impossible date %s (%s)', (date) => {
    expect(accepts(DateSchema, date)).toBe(false);
  });

  it('refuses a date given as a number', () => {
    expect(accepts(DateSchema, 19900412)).toBe(false);
  });
});

describe('PastDateSchema (not in the future, German time)', () => {
  it('accepts today in German time', () => {
    expect(accepts(PastDateSchema, todayInGermany())).toBe(true);
  });

  it('refuses tomorrow in German time', () => {
    expect(accepts(PastDateSchema, tomorrowInGermany())).toBe(false);
  });

  it('accepts the German date that UTC has not reached yet (23:30 UTC in winter)', () => {
    atInstant('2026-11-26T23:30:00Z');
    expect(accepts(PastDateSchema, '2026-11-27')).toBe(true);
    expect(accepts(PastDateSchema, '2026-11-28')).toBe(false);
  });

  it('refuses the next German day until midnight in Berlin (21:59 UTC in summer)', () => {
    atInstant('2026-07-01T21:59:00Z');
    expect(accepts(PastDateSchema, '2026-07-01')).toBe(true);
    expect(accepts(PastDateSchema, '2026-07-02')).toBe(false);
  });

  it('still refuses impossible dates in the past', () => {
    expect(accepts(PastDateSchema, '2025-02-29')).toBe(false);
  });
});

describe('DateOfBirthSchema', () => {
  it('accepts today (a newborn) and refuses tomorrow in German time', () => {
    expect(accepts(DateOfBirthSchema, todayInGermany())).toBe(true);
    expect(accepts(DateOfBirthSchema, tomorrowInGermany())).toBe(false);
  });

  it('accepts 1900-01-01 and refuses any date before it', () => {
    expect(accepts(DateOfBirthSchema, '1900-01-01')).toBe(true);
    expect(accepts(DateOfBirthSchema, '1899-12-31')).toBe(false);
    expect(accepts(DateOfBirthSchema, '1066-10-14')).toBe(false);
  });

  it('refuses a date of birth far in the future', () => {
    expect(accepts(DateOfBirthSchema, addDays(todayInGermany(), 3650))).toBe(false);
  });
});
