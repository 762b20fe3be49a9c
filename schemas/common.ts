import { z } from 'zod';
import { COUNTRY_CODES } from './country-codes.ts';
import { earliestDay, latestDay, normalisePartialDate, PARTIAL_DATE_INPUT_PATTERN } from './partial-date.ts';
import { NATIONALITY_CODES, RETURN_TARGET_CODES } from './state-codes.ts';

/** Built once: a formatter costs far more to create (~0.7 ms) than to use, and every date check asks for today. */
const GERMAN_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

let lastMinute = Number.NaN;
let lastDate = '';

/**
 * Today's date in German time: what "not in the future" means for a date of birth or a signature.
 * Remembered per minute (German midnight always falls on a whole minute), since every date check asks.
 */
export function todayInGermany(now: Date = new Date()): string {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDate = GERMAN_DATE.format(now);
    lastMinute = minute;
  }
  return lastDate;
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

/**
 * A date of birth, possibly partly known (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`; legacy zeros `1990-00-00`
 * and `1990-05-00` are accepted and answered as `1990` and `1990-05`). Not in the future in German
 * time (its first possible day is today or earlier) and not before 1900.
 */
export const DateOfBirthSchema = z
  .string()
  .regex(PARTIAL_DATE_INPUT_PATTERN, 'must be a date YYYY-MM-DD, YYYY-MM or YYYY')
  .transform((value, ctx) => {
    const normalised = normalisePartialDate(value);
    if (normalised === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be a real calendar date (unknown parts may be left out or given as 00)' });
      return z.NEVER;
    }
    return normalised;
  })
  .pipe(
    z
      .string()
      .refine((value) => earliestDay(value) <= todayInGermany(), 'must not be in the future (German time)')
      .refine((value) => latestDay(value) >= EARLIEST_BIRTH_DATE, `must not be before ${EARLIEST_BIRTH_DATE}`),
  )
  .meta({
    description:
      'Partly known dates are allowed (teilbekanntes Datum): YYYY-MM-DD, YYYY-MM or YYYY; the legacy form with zeros (1990-00-00, 1990-05-00) is accepted and answered reduced (1990, 1990-05). Not in the future (German time), not before 1900. Age rules treat a person who could be under 18 as a minor.',
    example: '1990-04-12',
  });

export { freeText, NameSchema, ShortTextSchema } from './din-strings.ts';
export { EmailSchema } from './email.ts';
export { LanguageTagSchema } from './language.ts';

/**
 * A nationality (CONTRACT.md): a state's ISO 3166-1 alpha-3 code (schemas/state-codes.ts: world-countries'
 * independent states, TWN, PSE), XKX (Kosovo), or ICAO Doc 9303 XXA, XXB, XXC, XXX. A territory without a
 * nationality of its own (ABW, PRI, HKG, ATA, ...) is refused: its people's nationality is their state's.
 */
export const NationalitySchema = z
  .string()
  .refine(
    (code) => NATIONALITY_CODES.has(code),
    'must be the ISO 3166-1 alpha-3 code of a state (not a territory: give the state, e.g. NLD for Aruba), XKX, XXA, XXB, XXC or XXX',
  )
  .meta({
    description:
      'A nationality: the ISO 3166-1 alpha-3 code of a state (the sovereign states, TWN and PSE), XKX (Kosovo), or ICAO XXA (stateless), XXB (refugee), XXC (refugee, other), XXX (unspecified). Territories without a nationality of their own (e.g. ABW Aruba, PRI Puerto Rico, HKG Hong Kong, ATA) are refused: give the state (NLD, USA, CHN).',
    example: 'SYR',
    enum: [...NATIONALITY_CODES].sort(),
  });

/** A document's issuing country: any ISO 3166-1 alpha-3 country or territory, or XKX. */
export const CountrySchema = z
  .string()
  .refine((code) => COUNTRY_CODES.has(code), 'must be an ISO 3166-1 alpha-3 country code (or XKX)')
  .meta({ description: 'ISO 3166-1 alpha-3 country code, XKX for Kosovo', example: 'SYR', enum: [...COUNTRY_CODES].sort() });

/**
 * The country a person returns to: a state, as for nationalities (state-codes.ts), never a status code
 * (XXA...) nor a territory (a return to Hong Kong is to CHN).
 */
export const ReturnTargetSchema = z
  .string()
  .refine(
    (code) => RETURN_TARGET_CODES.has(code),
    'must be the ISO 3166-1 alpha-3 code of a state (not a territory: give the state, e.g. CHN for Hong Kong) or XKX',
  )
  .meta({
    description:
      'The state a person returns to: the ISO 3166-1 alpha-3 code of a state (the sovereign states, TWN and PSE) or XKX (Kosovo). Territories (e.g. HKG, ABW) and the ICAO status codes XXA/XXB/XXC/XXX are refused.',
    example: 'SYR',
    enum: [...RETURN_TARGET_CODES].sort(),
  });

export const PhoneSchema = z
  .string()
  .regex(/^\+?[0-9 ()\-/]{5,30}$/, 'must be a phone number of digits, spaces and + ( ) - /')
  .refine((value) => (value.match(/\d/g) ?? []).length >= 5, 'must contain at least 5 digits')
  .meta({
    description: 'Telefon: 5-30 characters of digits, spaces and + ( ) - /, with at least 5 digits',
    example: '+49 531 123456',
  });

/** An authority's Amtlicher Gemeindeschlüssel: 5 digits (district) or 8 (town with its own authority). */
export const AgsSchema = z
  .string()
  .regex(/^\d{5}(\d{3})?$/, 'must be an AGS of 5 or 8 digits')
  .meta({ id: 'Ags', description: 'Amtlicher Gemeindeschlüssel of the foreigners\u2019 authority', example: '03101' });
