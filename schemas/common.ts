import { z } from 'zod';
import { COUNTRY_CODES, NATIONALITY_CODES } from './country-codes.ts';

/** Today's date in German time: what "not in the future" means for a date of birth or a signature. */
export function todayInGermany(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A real calendar date `YYYY-MM-DD` (no 2026-02-30). */
export const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'must be a real calendar date')
  .meta({ format: 'date', example: '2026-11-20' });

/** A date that is not after today in German time. */
export const PastDateSchema = DateSchema.refine((value) => value <= todayInGermany(), 'must not be in the future (German time)');

/** Earliest plausible date of birth: nobody handed over is older than that. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

export const DateOfBirthSchema = PastDateSchema.refine(
  (value) => value >= EARLIEST_BIRTH_DATE,
  `must not be before ${EARLIEST_BIRTH_DATE}`,
);

/**
 * The Latin letters of DIN 91379 (the German standard for names in Latin script): the blocks its
 * normative letters come from (Basic Latin, Latin-1, Latin Extended-A/B, Latin Extended Additional) and
 * the combining diacritics it uses. Fullwidth forms, Roman numerals and other scripts' marks are out.
 */
const LATIN_LETTER = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u1E00-\\u1EFF\\u0300-\\u036F';
const NAME_PUNCTUATION = " '\\u2019\\u2018\\u02BC\\u02B9\\u02BB\\-.,\\u00B7";

/** Names: Latin letters, space, apostrophes, hyphen, period, comma and middle dot. Transliterate other scripts first. */
const DIN_91379_NAME = new RegExp(`^[${LATIN_LETTER}${NAME_PUNCTUATION}]+$`, 'u');

/** Other short strings (places, caseworker names): the name set plus digits and common punctuation. */
const DIN_91379_TEXT = new RegExp(`^[${LATIN_LETTER}${NAME_PUNCTUATION}0-9/()&:;+#@!?"\\u201E\\u201C%§_]+$`, 'u');

/** File numbers (Aktenzeichen): Latin letters, digits and the separators authorities use. */
export const REFERENCE_PATTERN = new RegExp(`^[${LATIN_LETTER}0-9 ./\\-_:#()]+$`, 'u');

const trimmedNfc = (value: string) => value.normalize('NFC').trim();

/** A trimmed, NFC-normalised string of 1-200 characters matching a character set. */
function shortString(charset: RegExp, message: string) {
  return z
    .string()
    .transform(trimmedNfc)
    .pipe(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').regex(charset, message));
}

/** A person's name: 1-200 characters of DIN 91379 Latin. */
export const NameSchema = shortString(DIN_91379_NAME, 'must use Latin letters of DIN 91379 only');

/** A short string (place, organisation, caseworker): 1-200 characters of DIN 91379 Latin, digits, punctuation. */
export const ShortTextSchema = shortString(DIN_91379_TEXT, 'must use DIN 91379 Latin characters');

/** Bounded free text: printable characters, line breaks and tabs; no other control characters. */
export function freeText(max: number) {
  return z
    .string()
    .transform(trimmedNfc)
    .pipe(
      z
        .string()
        .min(1, 'must not be empty')
        .max(max, `must be at most ${max} characters`)
        // Line breaks and tabs only; no other control, bidi-override or lone surrogate characters.
        .regex(/^(?:[^\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]|[\n\r\t])*$/u, 'must not contain control characters'),
    );
}

export const NationalitySchema = z
  .string()
  .refine((code) => NATIONALITY_CODES.has(code), 'must be an ISO 3166-1 alpha-3 code or XKX, XXA, XXB, XXC, XXX')
  .meta({
    description: 'ISO 3166-1 alpha-3, or XKX (Kosovo), ICAO XXA (stateless), XXB (refugee), XXC (refugee, other), XXX (unspecified)',
    example: 'SYR',
  });

export const CountrySchema = z
  .string()
  .refine((code) => COUNTRY_CODES.has(code), 'must be an ISO 3166-1 alpha-3 country code (or XKX)')
  .meta({ description: 'ISO 3166-1 alpha-3 country code, XKX for Kosovo', example: 'SYR' });

/** A BCP 47 language tag that Intl accepts (e.g. `ar`, `fa-AF`, `sr-Latn`). */
export const LanguageTagSchema = z
  .string()
  .max(35)
  .refine((tag) => {
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return false;
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'must be a BCP 47 language tag such as ar, fa-AF or sr-Latn')
  .meta({ description: 'BCP 47 language tag', example: 'ar' });

export const EmailSchema = z.email('must be an e-mail address').max(254);

export const PhoneSchema = z
  .string()
  .regex(/^\+?[0-9 ()\-/]{5,30}$/, 'must be a phone number of digits, spaces and + ( ) - /')
  .refine((value) => (value.match(/\d/g) ?? []).length >= 5, 'must contain at least 5 digits')
  .meta({ example: '+49 531 123456' });

/** An authority's Amtlicher Gemeindeschlüssel: 5 digits (district) or 8 (town with its own authority). */
export const AgsSchema = z
  .string()
  .regex(/^\d{5}(\d{3})?$/, 'must be an AGS of 5 or 8 digits')
  .meta({ id: 'Ags', description: 'Amtlicher Gemeindeschlüssel of the foreigners\u2019 authority', example: '03101' });
