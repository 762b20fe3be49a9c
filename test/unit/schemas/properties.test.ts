import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../../functions/http/validation.ts';
import { DateOfBirthSchema, DateSchema, NameSchema, todayInGermany } from '../../../schemas/common.ts';
import { CaseSubmissionSchema, isAdultOn } from '../../../schemas/requests.ts';
import { addDays, minimalCase } from '../../support/fixtures.ts';

/** Latin letters of DIN 91379 as they appear in names: ASCII letters and precomposed letters with diacritics. */
const LATIN_LETTERS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  ...'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ',
  ...'ĀāĂăĄąĆćČčĎďĐđĒēĘęĚěĞğĪīİıĶķĹĺĻļĽľŁłŃńŅņŇňŌōŐőŒœŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŸŹźŻżŽžȘșȚțẞễỄệơưạả',
];

const letters = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...LATIN_LETTERS), minLength, maxLength });

const CYRILLIC = [...'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯабвгдежзийклмнопрстуфхцчшщэюя'];

const caseWithFamilyName = (familyName: string) => minimalCase({ person: { familyName } });

describe('properties of names', () => {
  it('accepts any family name of 1 to 200 Latin letters with diacritics, unchanged', () => {
    fc.assert(
      fc.property(letters(1, 200), (familyName) => {
        const result = CaseSubmissionSchema.safeParse(caseWithFamilyName(familyName));
        expect(result.success).toBe(true);
        expect(result.data?.person.familyName).toBe(familyName);
      }),
    );
  });

  it('refuses any family name over 200 characters, at person.familyName', () => {
    fc.assert(
      fc.property(letters(201, 400), (familyName) => {
        const result = CaseSubmissionSchema.safeParse(caseWithFamilyName(familyName));
        expect(result.success).toBe(false);
        expect(fieldErrorsOf(result.error as NonNullable<typeof result.error>).map((error) => error.path)).toEqual(['person.familyName']);
      }),
    );
  });

  it('refuses any name that contains a Cyrillic letter, and never echoes it', () => {
    fc.assert(
      fc.property(letters(0, 20), fc.constantFrom(...CYRILLIC), letters(0, 20), (before, cyrillic, after) => {
        const familyName = `${before}${cyrillic}${after}`;
        const result = CaseSubmissionSchema.safeParse(caseWithFamilyName(familyName));
        expect(result.success).toBe(false);
        const errors = fieldErrorsOf(result.error as NonNullable<typeof result.error>);
        expect(errors.map((error) => error.path)).toEqual(['person.familyName']);
        expect(JSON.stringify(errors)).not.toContain(familyName);
      }),
    );
  });

  it('stores names in NFC, and a stored name parses to itself', () => {
    fc.assert(
      fc.property(letters(1, 50), (name) => {
        const decomposed = name.normalize('NFD');
        const stored = NameSchema.parse(decomposed);
        expect(stored).toBe(name.normalize('NFC'));
        expect(NameSchema.parse(stored)).toBe(stored);
      }),
    );
  });
});

describe('properties of dates', () => {
  const MS_PER_DAY = 86_400_000;
  const dayOffsets = (min: number, max: number) => fc.integer({ min, max });
  const today = todayInGermany();
  const daysSince1900 = Math.round((Date.parse(today) - Date.parse('1900-01-01')) / MS_PER_DAY);

  it('accepts every date of birth from 1900-01-01 to today in German time', () => {
    fc.assert(
      fc.property(dayOffsets(0, daysSince1900), (offset) => {
        expect(DateOfBirthSchema.safeParse(addDays('1900-01-01', offset)).success).toBe(true);
      }),
    );
  });

  it('refuses every date of birth after today in German time', () => {
    fc.assert(
      fc.property(dayOffsets(1, 40_000), (offset) => {
        expect(DateOfBirthSchema.safeParse(addDays(today, offset)).success).toBe(false);
      }),
    );
  });

  it('makes everyone an adult on their 18th birthday and not the day before', () => {
    fc.assert(
      fc.property(dayOffsets(0, 40_000), (offset) => {
        const born = addDays('1900-03-01', offset);
        const sameDay = `${Number(born.slice(0, 4)) + 18}${born.slice(4)}`;
        // Born on 29 February: in a common year the 18th birthday is 1 March (BGB section 188(3)).
        const birthday = DateSchema.safeParse(sameDay).success ? sameDay : `${sameDay.slice(0, 4)}-03-01`;
        expect(isAdultOn(born, birthday)).toBe(true);
        expect(isAdultOn(born, addDays(birthday, -1))).toBe(false);
      }),
    );
  });
});
