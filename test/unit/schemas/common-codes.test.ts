import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf } from '../../../functions/http/validation.ts';
import {
  AgsSchema,
  CountrySchema,
  EmailSchema,
  LanguageTagSchema,
  NameSchema,
  NationalitySchema,
  PhoneSchema,
  ShortTextSchema,
} from '../../../schemas/common.ts';
import { COUNTRY_CODES, ISO_ALPHA3 } from '../../../schemas/country-codes.ts';
import { NATIONALITY_CODES } from '../../../schemas/state-codes.ts';

const accepts = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

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
