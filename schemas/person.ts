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

const distinct = (values: string[]) => new Set(values).size === values.length;

export const SexSchema = z
  .enum(['female', 'male', 'diverse', 'unspecified'])
  .meta({ description: 'Geschlecht (as on the residence document)' });

/** The person a case or consultation request is about. */
export const PersonSchema = z
  .strictObject({
    familyName: NameSchema.meta({ description: 'Familienname' }),
    givenNames: NameSchema.meta({ description: 'Vornamen' }),
    birthName: NameSchema.optional().meta({ description: 'Geburtsname' }),
    dateOfBirth: DateOfBirthSchema.meta({ description: 'Geburtsdatum (not in the future, German time; not before 1900)' }),
    placeOfBirth: ShortTextSchema.optional().meta({ description: 'Geburtsort' }),
    sex: SexSchema.optional(),
    nationalities: z
      .array(NationalitySchema)
      .min(1)
      .max(5)
      .refine(distinct, 'must not repeat a code')
      .meta({ description: 'Staatsangehörigkeiten' }),
    languages: z
      .array(LanguageTagSchema)
      .min(1)
      .max(10)
      .refine(distinct, 'must not repeat a language')
      .meta({ description: 'Sprachen (BCP 47)' }),
    interpreterRequired: z.boolean().meta({ description: 'Dolmetscher erforderlich' }),
    azrNumber: z
      .string()
      .regex(/^\d{12}$/, 'must be the 12-digit AZR number')
      .optional()
      .meta({ description: 'AZR-Nummer (Ausländerzentralregister), 12 digits', example: '123456789012' }),
    aliases: z
      .array(z.strictObject({ familyName: NameSchema, givenNames: NameSchema.optional() }))
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
    signedOn: PastDateSchema.meta({ description: 'Datum der Unterschrift' }),
    signedBy: z
      .enum(['person', 'guardian'])
      .default('person')
      .meta({ description: 'Unterzeichnet von: the person or the legal guardian (Vormund)' }),
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
    familyName: NameSchema.meta({ description: 'Familienname' }),
    givenNames: NameSchema.meta({ description: 'Vornamen' }),
    dateOfBirth: DateOfBirthSchema.meta({ description: 'Geburtsdatum' }),
    nationalities: z.array(NationalitySchema).min(1).max(5).optional(),
    consent: MemberConsentSchema.optional().meta({ description: 'Required for every member who is 18 or older' }),
  })
  .meta({ id: 'HouseholdMember', description: 'Begleitendes Familienmitglied' });

export const GuardianSchema = z
  .strictObject({
    name: ShortTextSchema.meta({ description: 'Name des Vormunds' }),
    organisation: ShortTextSchema.optional().meta({ description: 'Jugendamt or other organisation' }),
    email: EmailSchema.optional(),
    phone: PhoneSchema.optional(),
  })
  .meta({ id: 'Guardian', description: 'Vormund' });

export const HouseholdSchema = z
  .strictObject({
    members: z.array(HouseholdMemberSchema).max(20).default([]).meta({ description: 'Begleitende Familienangehörige' }),
    unaccompaniedMinor: z.boolean().default(false).meta({ description: 'Unbegleitete/r Minderjährige/r' }),
    legalGuardian: GuardianSchema.optional(),
  })
  .meta({ id: 'Household', description: 'Haushalt' });

export const VulnerabilitiesSchema = z
  .strictObject({
    medicalNeeds: z.boolean().optional().meta({ description: 'Medizinischer Bedarf' }),
    medicalNotes: freeText(1000).optional().meta({ description: 'Hinweise zum medizinischen Bedarf (bounded free text)' }),
    reducedMobility: z.boolean().optional().meta({ description: 'Eingeschränkte Mobilität' }),
    pregnancy: z.boolean().optional().meta({ description: 'Schwangerschaft' }),
    traffickingVictim: z.boolean().optional().meta({ description: 'Opfer von Menschenhandel' }),
    other: freeText(1000).optional().meta({ description: 'Sonstige Vulnerabilität (bounded free text)' }),
    fitnessToTravel: z.enum(['fit', 'fit_with_escort', 'not_fit', 'unknown']).optional().meta({ description: 'Reisefähigkeit' }),
  })
  .meta({ id: 'Vulnerabilities', description: 'Besondere Schutzbedarfe' });

export const ContactSchema = z
  .strictObject({
    name: ShortTextSchema.meta({ description: 'Sachbearbeitung (caseworker or desk)' }),
    email: EmailSchema.meta({ description: 'E-Mail' }),
    phone: PhoneSchema.optional().meta({ description: 'Telefon' }),
  })
  .meta({ id: 'Contact', description: 'Ansprechperson der Ausländerbehörde' });

export const TravelDocumentSchema = z
  .strictObject({
    type: z
      .enum(['passport', 'passport_substitute', 'eu_laissez_passer', 'none'])
      .meta({ description: 'Pass, Passersatzpapier, EU-Laissez-Passer, or none' }),
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
