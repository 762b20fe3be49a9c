import { z } from 'zod';
import {
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
} from './common.ts';
import { freeTextRule, NAME_RULE, SHORT_TEXT_RULE } from './din-strings.ts';

/** A field's German term followed by the rule its values follow (the OpenAPI description). */
const term = (german: string, rule: string) => `${german}. ${rule}`;

const distinct = (values: string[]) => new Set(values).size === values.length;

const DATE_OF_BIRTH_RULE =
  'Partly known dates allowed (teilbekanntes Datum): YYYY-MM-DD, YYYY-MM or YYYY; the legacy zeros 1990-00-00 and 1990-05-00 are accepted and answered as 1990 and 1990-05. Not in the future (German time), not before 1900. Age rules treat a person who could be under 18 as a minor.';

const EMAIL_RULE = 'Internationalised addresses allowed (RFC 6531, e.g. abh@landkreis-müden.de); NFC-normalised.';

export const SexSchema = z
  .enum(['female', 'male', 'diverse', 'unspecified'])
  .meta({ description: 'Geschlecht (as on the residence document)' });

/** The person a case or consultation request is about. */
export const PersonSchema = z
  .strictObject({
    familyName: NameSchema.meta({ description: term('Familienname', NAME_RULE), example: 'Beispiel' }),
    givenNames: NameSchema.meta({ description: term('Vornamen', NAME_RULE), example: 'Amal' }),
    birthName: NameSchema.optional().meta({ description: term('Geburtsname', NAME_RULE), example: 'Al-Beispiel' }),
    dateOfBirth: DateOfBirthSchema.meta({ description: term('Geburtsdatum', DATE_OF_BIRTH_RULE), example: '1990-04-12' }),
    placeOfBirth: ShortTextSchema.optional().meta({ description: term('Geburtsort', SHORT_TEXT_RULE) }),
    sex: SexSchema.optional(),
    nationalities: z
      .array(NationalitySchema)
      .min(1)
      .max(5)
      .refine(distinct, 'must not repeat a code')
      .meta({ description: 'Staatsangehörigkeiten: 1-5 codes, each at most once (a code twice is refused)', uniqueItems: true }),
    languages: z.array(LanguageTagSchema).min(1).max(10).refine(distinct, 'must not repeat a language (compared in canonical form)').meta({
      description: 'Sprachen: BCP 47 tags, stored in canonical form; a language twice (AR and ar) is refused',
      uniqueItems: true,
    }),
    interpreterRequired: z.boolean().meta({ description: 'Dolmetscher erforderlich' }),
    azrNumber: z
      .string()
      .regex(/^\d{12}$/, 'must be the 12-digit AZR number')
      .optional()
      .meta({ description: 'AZR-Nummer (Ausländerzentralregister), 12 digits', example: '123456789012' }),
    aliases: z
      .array(
        z.strictObject({
          familyName: NameSchema.meta({ description: NAME_RULE, example: 'Bayspil' }),
          givenNames: NameSchema.optional().meta({ description: NAME_RULE, example: 'Amala' }),
        }),
      )
      .max(10)
      .optional()
      .meta({ description: 'Aliaspersonalien (other names used)' }),
  })
  .meta({ id: 'Person', description: 'Person (betroffene Person)' });

/** Consent to the transfer of data to the counselling centre (Einwilligung in die Datenübermittlung). */
export const ConsentSchema = z
  .strictObject({
    dataTransfer: z
      .literal(true, 'must be true: without consent no data may be transferred')
      .meta({ description: 'Einwilligung in die Datenübermittlung' }),
    signedOn: PastDateSchema.meta({ description: 'Datum der Unterschrift; not in the future, not before the date of birth' }),
    signedBy: z.enum(['person', 'guardian']).default('person').meta({
      description:
        'Unterzeichnet von: the person or the legal guardian (Vormund); for a minor (who could be under 18 on signedOn) the legal guardian signs',
    }),
  })
  .meta({ id: 'Consent' });

export const MemberConsentSchema = z
  .strictObject({
    dataTransfer: z.literal(true, 'must be true: without consent no data may be transferred'),
    signedOn: PastDateSchema,
  })
  .meta({ id: 'MemberConsent', description: 'Einwilligung eines volljährigen Familienmitglieds' });

export const HouseholdMemberSchema = z
  .strictObject({
    relationship: z.enum(['spouse', 'partner', 'child', 'parent', 'sibling', 'other']).meta({ description: 'Verwandtschaftsverhältnis' }),
    familyName: NameSchema.meta({ description: term('Familienname', NAME_RULE), example: 'Haddad' }),
    givenNames: NameSchema.meta({ description: term('Vornamen', NAME_RULE), example: 'Karim' }),
    dateOfBirth: DateOfBirthSchema.meta({ description: term('Geburtsdatum', DATE_OF_BIRTH_RULE), example: '1987-06-30' }),
    nationalities: z.array(NationalitySchema).min(1).max(5).optional(),
    consent: MemberConsentSchema.optional().meta({
      description: 'Required for every member who is certainly 18 or older on consent.signedOn (who could be under 18 counts as a minor)',
    }),
  })
  .meta({ id: 'HouseholdMember', description: 'Begleitendes Familienmitglied' });

export const GuardianSchema = z
  .strictObject({
    name: ShortTextSchema.meta({ description: term('Name des Vormunds', SHORT_TEXT_RULE) }),
    organisation: ShortTextSchema.optional().meta({ description: term('Jugendamt or other organisation', SHORT_TEXT_RULE) }),
    email: EmailSchema.optional().meta({ description: term('E-Mail', EMAIL_RULE) }),
    phone: PhoneSchema.optional(),
  })
  .meta({ id: 'Guardian', description: 'Vormund' });

export const HouseholdSchema = z
  .strictObject({
    members: z.array(HouseholdMemberSchema).max(20).default([]).meta({ description: 'Begleitende Familienangehörige' }),
    unaccompaniedMinor: z.boolean().default(false).meta({ description: 'Unbegleitete/r Minderjährige/r' }),
    legalGuardian: GuardianSchema.optional().meta({
      description: 'Vormund; an unaccompanied minor (unaccompaniedMinor true, or a person who could be under 18) needs a legal guardian',
    }),
  })
  .meta({ id: 'Household', description: 'Haushalt' });

export const VulnerabilitiesSchema = z
  .strictObject({
    medicalNeeds: z.boolean().optional().meta({ description: 'Medizinischer Bedarf' }),
    medicalNotes: freeText(1000)
      .optional()
      .meta({ description: term('Hinweise zum medizinischen Bedarf', freeTextRule(1000)) }),
    reducedMobility: z.boolean().optional().meta({ description: 'Eingeschränkte Mobilität' }),
    pregnancy: z.boolean().optional().meta({ description: 'Schwangerschaft' }),
    traffickingVictim: z.boolean().optional().meta({ description: 'Opfer von Menschenhandel' }),
    other: freeText(1000)
      .optional()
      .meta({ description: term('Sonstige Vulnerabilität', freeTextRule(1000)) }),
    fitnessToTravel: z.enum(['fit', 'fit_with_escort', 'not_fit', 'unknown']).optional().meta({ description: 'Reisefähigkeit' }),
  })
  .meta({ id: 'Vulnerabilities', description: 'Besondere Schutzbedarfe' });

export const ContactSchema = z
  .strictObject({
    name: ShortTextSchema.meta({ description: term('Sachbearbeitung (caseworker or desk)', SHORT_TEXT_RULE) }),
    email: EmailSchema.meta({ description: term('E-Mail', EMAIL_RULE) }),
    phone: PhoneSchema.optional(),
  })
  .meta({ id: 'Contact', description: 'Ansprechperson der Ausländerbehörde' });

export const TravelDocumentSchema = z
  .strictObject({
    type: z
      .enum(['passport', 'passport_substitute', 'eu_laissez_passer', 'none'])
      .meta({ description: 'Pass, Passersatzpapier, EU-Laissez-Passer, or none (a document of type none has no number or validity)' }),
    number: z
      .string()
      .regex(/^[A-Z0-9<-]{1,30}$/, 'must be 1-30 capital letters, digits, < or -')
      .optional()
      .meta({ description: 'Dokumentennummer' }),
    issuingCountry: CountrySchema.optional().meta({ description: 'Ausstellender Staat' }),
    validUntil: DateSchema.optional().meta({ description: 'Gültig bis' }),
  })
  .refine((doc) => doc.type !== 'none' || (doc.number === undefined && doc.validUntil === undefined), {
    message: 'a document of type none has no number or validity',
    path: ['type'],
  })
  .meta({ id: 'TravelDocument', description: 'Reisedokument' });
