import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '../../../functions/http/validation.ts';
import {
  AgsSchema,
  CountrySchema,
  DateOfBirthSchema,
  DateSchema,
  EmailSchema,
  freeText,
  LanguageTagSchema,
  NameSchema,
  NationalitySchema,
  PastDateSchema,
  PhoneSchema,
  ShortTextSchema,
  todayInGermany,
} from '../../../schemas/common.ts';
import { COUNTRY_CODES, ISO_ALPHA3 } from '../../../schemas/country-codes.ts';
import { NATIONALITY_CODES } from '../../../schemas/state-codes.ts';
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

describe('NameSchema (DIN 91379 Latin)', () => {
  it.each([
    'Müller-Lüdenscheidt',
    "O'Brien",
    'O\u2019Brien',
    'Nguyễn',
    'Ørsted',
    'Çelik',
    'Dvořák',
    'Łukasz',
    'Şahin',
    'Ğül',
    'Đorđević',
    'Þórsdóttir',
    'Straße',
    'van der Berg',
    'St. John',
    'Jean-Luc',
  ])('accepts the name %j unchanged', (name) => {
    expect(NameSchema.parse(name)).toBe(name);
  });

  it.each([
    ['Mu\u0308ller-Lu\u0308denscheidt', 'Müller-Lüdenscheidt'],
    ['Nguye\u0302\u0303n', 'Nguyễn'],
    ['C\u0327elik', 'Çelik'],
    ['Dvor\u030Ca\u0301k', 'Dvořák'],
  ])('normalises the combining-mark form %j to NFC %j', (submitted, stored) => {
    const parsed = NameSchema.parse(submitted);
    expect(parsed).toBe(stored);
    expect(parsed).toBe(parsed.normalize('NFC'));
  });

  it('keeps a combining sequence that has no precomposed form (DIN 91379 L with ring below)', () => {
    expect(NameSchema.parse('L\u0325ubo')).toBe('L\u0325ubo');
  });

  it('trims surrounding whitespace', () => {
    expect(NameSchema.parse('  Amal \n')).toBe('Amal');
  });

  it.each([
    ['Бейспиль', 'Cyrillic'],
    ['Beispiеl', 'Latin with one Cyrillic look-alike letter'],
    ['أمل', 'Arabic script'],
    ['Ἀμάλ', 'Greek'],
    ['王', 'Han'],
    ['Amal2', 'a digit'],
    ['Ludwig 14', 'digits'],
    ['Am\u0000al', 'a NUL character'],
    ['Am\u0007al', 'a bell character'],
    ['Am\tal', 'a tab'],
    ['Am\nal', 'a line break inside the name'],
    ['Am\u200Bal', 'a zero-width space'],
    ['Am\u202Eal', 'a right-to-left override'],
    ['Amal 😀', 'an emoji'],
    ['Amal 👍🏽', 'an emoji with a skin-tone modifier'],
    ['Amal_Beispiel', 'an underscore'],
    ['Amal@Beispiel', 'an at sign'],
    ['Amal<script>', 'markup'],
  ])('refuses %j (%s)', (name) => {
    expect(accepts(NameSchema, name)).toBe(false);
  });

  it('refuses marks of other scripts and emoji-forming marks attached to Latin letters', () => {
    // \p{M} admits every combining mark of every script; DIN 91379 pairs Latin letters only with Latin diacritics.
    const names = [
      'Beispiel\u093E', // Devanagari vowel sign AA
      'Beispiel\u0E31', // Thai vowel sign MAI HAN-AKAT
      'A\u20E3', // combining enclosing keycap: renders as an emoji
    ];
    expect(names.filter((name) => accepts(NameSchema, name))).toEqual([]);
  });

  it('refuses Latin-script characters outside DIN 91379 (fullwidth letters, Roman numerals)', () => {
    // \p{Script=Latin} also covers fullwidth forms and the Roman numerals, which DIN 91379 does not contain.
    const names = [
      '\uFF2D\u00FCller', // fullwidth M
      'Ludwig \u216B', // Roman numeral twelve
    ];
    expect(names.filter((name) => accepts(NameSchema, name))).toEqual([]);
  });

  it('refuses an empty name and a name of whitespace only', () => {
    expect(accepts(NameSchema, '')).toBe(false);
    expect(accepts(NameSchema, '   ')).toBe(false);
  });

  it('accepts 200 characters and refuses 201', () => {
    expect(accepts(NameSchema, 'a'.repeat(200))).toBe(true);
    expect(accepts(NameSchema, 'a'.repeat(201))).toBe(false);
  });

  it('counts the length after trimming and NFC normalisation', () => {
    expect(accepts(NameSchema, ` ${'a'.repeat(200)} `)).toBe(true);
    expect(accepts(NameSchema, 'u\u0308'.repeat(200))).toBe(true);
    expect(accepts(NameSchema, 'u\u0308'.repeat(201))).toBe(false);
  });

  it('refuses anything but a string', () => {
    expect(accepts(NameSchema, 42)).toBe(false);
    expect(accepts(NameSchema, null)).toBe(false);
    expect(accepts(NameSchema, ['Amal'])).toBe(false);
  });
});

describe('ShortTextSchema (places, caseworkers)', () => {
  it.each(['Aleppo', 'Sachbearbeitung Ausländerbehörde', 'Zimmer 3.14 (2. OG)', 'Jugendamt Stadt Braunschweig, Team 51'])(
    'accepts %j',
    (text) => {
      expect(ShortTextSchema.parse(text)).toBe(text);
    },
  );

  it.each([
    ['حلب', 'Arabic script'],
    ['Алеппо', 'Cyrillic'],
    ['Aleppo\u0000', 'a control character'],
    ['Aleppo 🏙', 'an emoji'],
    ['', 'an empty string'],
  ])('refuses %j (%s)', (text) => {
    expect(accepts(ShortTextSchema, text)).toBe(false);
  });

  it('accepts 200 characters and refuses 201', () => {
    expect(accepts(ShortTextSchema, 'x'.repeat(200))).toBe(true);
    expect(accepts(ShortTextSchema, 'x'.repeat(201))).toBe(false);
  });
});

describe('freeText (bounded free text)', () => {
  const text = freeText(20);

  it('accepts line breaks and tabs inside the text', () => {
    expect(text.parse('Zeile 1\nZeile 2\tx')).toBe('Zeile 1\nZeile 2\tx');
  });

  it('accepts the non-letters of DIN 91379 data type C (N3, N4) in free text', () => {
    expect(text.parse('½ Tag\u00A0frei ¼')).toBe('½ Tag\u00A0frei ¼');
  });

  it('refuses other scripts in free text (DIN 91379 data type C is Latin)', () => {
    expect(accepts(text, 'مرحبا')).toBe(false);
  });

  it.each([
    ['a\u0000b', 'NUL'],
    ['a\u001Bb', 'escape'],
    ['a\u007Fb', 'delete'],
    ['a\u0085b', 'next line (C1)'],
  ])('refuses the control character in %j (%s)', (value) => {
    expect(accepts(text, value)).toBe(false);
  });

  it('refuses text over its maximum after trimming, and empty text', () => {
    expect(accepts(text, `  ${'x'.repeat(20)}  `)).toBe(true);
    expect(accepts(text, 'x'.repeat(21))).toBe(false);
    expect(accepts(text, ' \n ')).toBe(false);
  });
});

describe('NationalitySchema', () => {
  it.each(['SYR', 'AFG', 'DEU', 'IRQ', 'UKR', 'XKX', 'XXA', 'XXB', 'XXC', 'XXX'])('accepts %s', (code) => {
    expect(accepts(NationalitySchema, code)).toBe(true);
  });

  it.each([
    ['SY', 'an alpha-2 code'],
    ['SYRIA', 'a country name'],
    ['syr', 'a lower-case code'],
    ['Syr', 'a mixed-case code'],
    [' SYR', 'a code with a space'],
    ['XXZ', 'an unassigned X code'],
    ['XKK', 'a made-up Kosovo code'],
    ['D', 'the German MRZ code'],
    ['760', 'a numeric code'],
    ['', 'an empty string'],
  ])('refuses %j (%s)', (code) => {
    expect(accepts(NationalitySchema, code)).toBe(false);
  });

  it('knows all 249 ISO 3166-1 alpha-3 codes, each of three capital letters', () => {
    expect(new Set(ISO_ALPHA3).size).toBe(249);
    for (const code of ISO_ALPHA3) expect(code).toMatch(/^[A-Z]{3}$/);
    // 194 states, TWN, PSE, XKX and the four ICAO codes (test/unit/schemas/state-codes.test.ts).
    expect(NATIONALITY_CODES.size).toBe(201);
  });
});

describe('CountrySchema (issuing country of a document)', () => {
  it.each(['SYR', 'AFG', 'TUR', 'XKX'])('accepts %s', (code) => {
    expect(accepts(CountrySchema, code)).toBe(true);
  });

  it.each(['XXA', 'XXB', 'XXC', 'XXX'])('refuses the ICAO status code %s: a document is issued by a country', (code) => {
    expect(accepts(CountrySchema, code)).toBe(false);
  });

  it('contains exactly the ISO codes and XKX', () => {
    expect(COUNTRY_CODES.size).toBe(250);
    expect(COUNTRY_CODES.has('XKX')).toBe(true);
  });
});

describe('LanguageTagSchema (BCP 47)', () => {
  it.each(['ar', 'fa', 'fa-AF', 'sr-Latn', 'ckb', 'prs', 'ti', 'zh-Hant-TW', 'de-CH-1996'])('accepts %s', (tag) => {
    expect(accepts(LanguageTagSchema, tag)).toBe(true);
  });

  it.each([
    ['arabic', 'a language name'],
    ['a', 'a single letter'],
    ['12', 'digits'],
    ['en_US', 'an underscore'],
    ['', 'an empty string'],
    ['de-', 'a trailing hyphen'],
    ['de--DE', 'an empty subtag'],
    ['en-US-abcdefghi', 'a subtag over 8 characters'],
    ['x-private', 'a private-use tag without language'],
    [`de-${'a'.repeat(40)}`, 'a tag over 35 characters'],
  ])('refuses %j (%s)', (tag) => {
    expect(accepts(LanguageTagSchema, tag)).toBe(false);
  });
});

describe('EmailSchema', () => {
  it('accepts an ordinary address', () => {
    expect(accepts(EmailSchema, 'abh@example.org')).toBe(true);
    expect(accepts(EmailSchema, 'vorname.nachname+fall@landkreis-osnabrueck.de')).toBe(true);
  });

  it.each(['abh(at)example.org', 'abh@', '@example.org', 'abh example.org', 'abh@example', ''])('refuses %j', (email) => {
    expect(accepts(EmailSchema, email)).toBe(false);
  });

  it('refuses an address over 254 characters even if well-formed', () => {
    const label = 'b'.repeat(60);
    const long = `a@${label}.${label}.${label}.${label}.${label}.org`;
    expect(long.length).toBeGreaterThan(254);
    const result = EmailSchema.safeParse(long);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.code)).toEqual(['too_big']);
  });
});

describe('PhoneSchema', () => {
  it.each(['+49 531 123456', '0531 123456', '0531/470-1234', '+49 (0) 531 4701234', '12345'])('accepts %j', (phone) => {
    expect(accepts(PhoneSchema, phone)).toBe(true);
  });

  it.each([
    ['1234', 'fewer than 5 characters'],
    ['call me', 'letters'],
    ['0531 123456 ext. 12', 'an extension in words'],
    ['++49 531 123456', 'two plus signs'],
    ['0531\n123456', 'a line break'],
    [`+${'1'.repeat(31)}`, 'more than 30 digits'],
  ])('refuses %j (%s)', (phone) => {
    expect(accepts(PhoneSchema, phone)).toBe(false);
  });

  it('refuses a phone number without any digit', () => {
    const phones = ['-----', '     ', '(((((', '+/-/-/'];
    expect(phones.filter((phone) => accepts(PhoneSchema, phone))).toEqual([]);
  });
});

describe('AgsSchema', () => {
  it.each(['03101', '03241', '03101000'])('accepts the AGS %s', (ags) => {
    expect(accepts(AgsSchema, ags)).toBe(true);
  });

  it.each(['3101', '031010', '0310100', '031010000', 'ABCDE', ''])('refuses %j', (ags) => {
    expect(accepts(AgsSchema, ags)).toBe(false);
  });
});

describe('error messages', () => {
  it('never echo the refused value', () => {
    const schema = z.strictObject({
      name: NameSchema,
      place: ShortTextSchema,
      nationality: NationalitySchema,
      language: LanguageTagSchema,
    });
    const values = { name: 'Бейспиль', place: 'Алеппо', nationality: 'SYRIA', language: 'arabisch' };
    const result = schema.safeParse(values);
    expect(result.success).toBe(false);
    const errors = JSON.stringify(fieldErrorsOf(result.error as z.ZodError));
    for (const value of Object.values(values)) expect(errors).not.toContain(value);
  });
});
