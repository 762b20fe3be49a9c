import { expect } from 'vitest';
import type { z } from 'zod';
import { fieldErrorsOf } from '../../functions/http/validation.ts';
import { todayInGermany } from '../../schemas/common.ts';
import type { FieldError } from '../../schemas/problem.ts';
import { CaseSubmissionSchema, ConsultationSubmissionSchema } from '../../schemas/requests.ts';

/** A JSON value as a client sends it: anything JSON.parse can produce. */
export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/**
 * Changes to a fixture: objects are merged key by key, everything else (arrays included) replaces the
 * value, and `undefined` removes the key. Values that break the schema are welcome: that is the point.
 */
export interface Overrides {
  [key: string]: Json | Overrides | undefined;
}

type CaseInput = z.input<typeof CaseSubmissionSchema>;
type ConsultationInput = z.input<typeof ConsultationSubmissionSchema>;

/** The minimal case body of CONTRACT.md, verbatim. */
const MINIMAL_CASE = {
  municipalReference: 'ABH-2026-0001',
  person: {
    familyName: 'Beispiel',
    givenNames: 'Amal',
    dateOfBirth: '1990-04-12',
    nationalities: ['SYR'],
    languages: ['ar'],
    interpreterRequired: true,
  },
  residence: { status: 'vollziehbar_ausreisepflichtig', departureDeadline: '2027-01-31' },
  consent: { dataTransfer: true, signedOn: '2026-11-20' },
  contact: { name: 'Sachbearbeitung Ausländerbehörde', email: 'abh@example.org' },
} satisfies CaseInput;

/** The minimal consultation request body of CONTRACT.md, verbatim. */
const MINIMAL_CONSULTATION = {
  person: {
    familyName: 'Beispiel',
    givenNames: 'Omid',
    dateOfBirth: '1985-09-03',
    nationalities: ['AFG'],
    languages: ['fa'],
    interpreterRequired: false,
  },
  obligedToLeave: false,
  topics: ['voluntary_return'],
  preferredChannel: 'phone',
  consent: { dataTransfer: true, signedOn: '2026-11-20' },
} satisfies ConsultationInput;

/** A case that uses every optional field, all of them validly. */
const FULL_CASE = {
  municipalReference: 'ABH-2026-0002 (Wiedervorlage)',
  person: {
    familyName: 'Müller-Lüdenscheidt',
    givenNames: 'Amal Nour',
    birthName: 'Haddad',
    dateOfBirth: '1990-04-12',
    placeOfBirth: 'Aleppo',
    sex: 'female',
    nationalities: ['SYR', 'XXA'],
    languages: ['ar', 'ckb', 'de'],
    interpreterRequired: true,
    azrNumber: '123456789012',
    aliases: [{ familyName: 'Haddad', givenNames: 'Amala' }, { familyName: 'Al-Haddad' }],
  },
  residence: {
    status: 'duldung',
    departureDeadline: '2027-01-31',
    toleratedUntil: '2027-03-31',
    borderCrossingCertificate: { issuedOn: '2026-11-02', departureBy: '2027-01-31' },
  },
  targetCountry: 'SYR',
  household: {
    members: [
      {
        relationship: 'spouse',
        familyName: 'Haddad',
        givenNames: 'Karim',
        dateOfBirth: '1987-06-30',
        nationalities: ['SYR'],
        consent: { dataTransfer: true, signedOn: '2026-11-20' },
      },
      { relationship: 'child', familyName: 'Haddad', givenNames: 'Lina', dateOfBirth: '2016-02-29', nationalities: ['SYR'] },
    ],
    unaccompaniedMinor: false,
  },
  vulnerabilities: {
    medicalNeeds: true,
    medicalNotes: 'Regelmäßige Dialyse, dreimal pro Woche.\nTermine bitte vormittags.',
    reducedMobility: false,
    pregnancy: false,
    traffickingVictim: false,
    other: 'Angst vor Menschenansammlungen',
    fitnessToTravel: 'fit_with_escort',
  },
  documents: [{ type: 'passport', number: 'N012345678', issuingCountry: 'SYR', validUntil: '2025-06-30' }, { type: 'none' }],
  consent: { dataTransfer: true, signedOn: '2026-11-20', signedBy: 'person' },
  contact: { name: 'Frau Dvořák, Ausländerbehörde', email: 'abh@example.org', phone: '+49 531 470-1234' },
  notes: 'Die Familie wünscht eine Beratung in arabischer Sprache.',
} satisfies CaseInput;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep clone of an override value as JSON, keys set to `undefined` left out. */
function toJson(value: Json | Overrides): Json {
  if (Array.isArray(value)) return value.map(toJson);
  if (isPlainObject(value)) return merge({}, value as Overrides);
  return value as string | number | boolean | null;
}

/** Deep clone of `base` with `overrides` merged in (see Overrides). */
export function merge(base: object, overrides: Overrides = {}): JsonObject {
  const result = structuredClone(base) as JsonObject;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) {
      delete result[key];
      continue;
    }
    const current = result[key];
    if (isPlainObject(value) && isPlainObject(current)) {
      result[key] = merge(current as JsonObject, value as Overrides);
    } else {
      result[key] = toJson(value);
    }
  }
  return result;
}

/** The minimal case of CONTRACT.md (a fresh deep clone), with `overrides` merged in. */
export function minimalCase(overrides: Overrides = {}): JsonObject {
  return merge(MINIMAL_CASE, overrides);
}

/** The minimal consultation request of CONTRACT.md (a fresh deep clone), with `overrides` merged in. */
export function minimalConsultation(overrides: Overrides = {}): JsonObject {
  return merge(MINIMAL_CONSULTATION, overrides);
}

/** A case using every optional field validly (a fresh deep clone), with `overrides` merged in. */
export function fullCase(overrides: Overrides = {}): JsonObject {
  return merge(FULL_CASE, overrides);
}

/** The field errors (as the API reports them) of a body that must be refused. */
export function errorsOf(schema: z.ZodType, body: unknown): FieldError[] {
  const result = schema.safeParse(body);
  if (result.success) throw new Error('the body was accepted, but it should have been refused');
  return fieldErrorsOf(result.error);
}

/** The distinct dotted paths of the field errors of a body that must be refused. */
export function pathsOf(schema: z.ZodType, body: unknown): string[] {
  return [...new Set(errorsOf(schema, body).map((error) => error.path))];
}

/** Asserts that `body` is refused and that every error is at `path` (and there is at least one). */
export function expectRefusedAt(schema: z.ZodType, body: unknown, path: string): void {
  expect(pathsOf(schema, body)).toEqual([path]);
}

/** Asserts that `body` is accepted, showing the field errors if it is not. */
export function expectAccepted(schema: z.ZodType, body: unknown): void {
  const result = schema.safeParse(body);
  expect(result.success ? [] : fieldErrorsOf(result.error)).toEqual([]);
}

export const caseErrors = (body: unknown) => errorsOf(CaseSubmissionSchema, body);
export const consultationErrors = (body: unknown) => errorsOf(ConsultationSubmissionSchema, body);

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Tomorrow in German time: the first day that is "in the future" for a date of birth or a signature. */
export function tomorrowInGermany(): string {
  return addDays(todayInGermany(), 1);
}
