import { z } from 'zod';
import { AgsSchema, freeText, ReturnTargetSchema } from './common.ts';
import { intakeRules } from './cross-field-rules.ts';
import { freeTextRule } from './din-strings.ts';
import { MunicipalReferenceSchema, ReferenceFilterSchema } from './municipal-reference.ts';
import { ConsentSchema, ContactSchema, HouseholdSchema, PersonSchema, TravelDocumentSchema, VulnerabilitiesSchema } from './person.ts';
import { ResidenceSchema } from './residence.ts';

export const CentreSchema = z.enum(['braunschweig', 'osnabrueck']).meta({ id: 'Centre', description: 'Rückkehrberatungsstelle of LAB NI' });

export { MunicipalReferenceSchema } from './municipal-reference.ts';
export { isAdultOn } from './partial-date.ts';
export { RESIDENCE_STATUSES, ResidenceSchema } from './residence.ts';

const caseFields = z.strictObject({
  municipalReference: MunicipalReferenceSchema,
  person: PersonSchema,
  residence: ResidenceSchema,
  targetCountry: ReturnTargetSchema.optional(),
  household: HouseholdSchema.optional(),
  vulnerabilities: VulnerabilitiesSchema.optional(),
  documents: z.array(TravelDocumentSchema).max(5).optional().meta({ description: 'Reisedokumente' }),
  consent: ConsentSchema,
  contact: ContactSchema,
  notes: freeText(2000)
    .optional()
    .meta({ description: `Hinweise der Ausländerbehörde. ${freeTextRule(2000)}` }),
});

/** The contract's minimal case, as the example of the OpenAPI document. */
const caseExample = {
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
};

export const CaseSubmissionSchema = caseFields.superRefine(intakeRules).meta({
  id: 'CaseSubmission',
  description: 'Fallübergabe: the case of a person obliged to leave, handed over for return counselling',
  example: caseExample,
});

export const TOPICS = ['voluntary_return', 'reintegration', 'travel_documents', 'financial_support', 'medical', 'other'] as const;

const consultationFields = z.strictObject({
  person: PersonSchema,
  obligedToLeave: z.boolean().meta({ description: 'Ausreisepflichtig' }),
  topics: z
    .array(z.enum(TOPICS))
    .min(1)
    .max(TOPICS.length)
    .refine((topics) => new Set(topics).size === topics.length, 'must not repeat a topic')
    .meta({
      description:
        'Beratungsthemen: freiwillige Rückkehr, Reintegration, Reisedokumente, finanzielle Förderung (REAG/GARP, StarthilfePlus), Medizinisches, Sonstiges; each topic at most once (a topic twice is refused)',
      uniqueItems: true,
    }),
  preferredChannel: z.enum(['in_person', 'phone', 'video']).meta({ description: 'Bevorzugter Beratungsweg' }),
  preferredCentre: CentreSchema.optional().meta({ description: 'Bevorzugte Beratungsstelle; overrides the routing table' }),
  availability: freeText(500)
    .optional()
    .meta({ description: `Erreichbarkeit, e.g. "weekdays after 14:00". ${freeTextRule(500)}` }),
  caseId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({ description: 'Id of one of the caller\u2019s own cases this request belongs to; any other id is answered 404' }),
  municipalReference: MunicipalReferenceSchema.optional(),
  residence: ResidenceSchema.optional(),
  targetCountry: ReturnTargetSchema.optional(),
  household: HouseholdSchema.optional(),
  vulnerabilities: VulnerabilitiesSchema.optional(),
  consent: ConsentSchema,
  contact: ContactSchema.optional(),
  notes: freeText(2000).optional(),
});

/** The contract's minimal consultation request, as the example of the OpenAPI document. */
const consultationExample = {
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
};

export const ConsultationSubmissionSchema = consultationFields.superRefine(intakeRules).meta({
  id: 'ConsultationSubmission',
  description: 'Beratungsanfrage: a request for return counselling, also for people not obliged to leave',
  example: consultationExample,
});

export const STATUSES = [
  'queued',
  'delivered',
  'in_counselling',
  'appointment_scheduled',
  'completed',
  'departed',
  'closed_without_return',
  'withdrawn',
] as const;

export const StatusSchema = z
  .enum(STATUSES)
  .meta({ id: 'Status', description: 'Bearbeitungsstand; completed, departed, closed_without_return and withdrawn are final' });

/**
 * Which rule chose a request's centre: the authority's entry in the routing table, a deployment's
 * override of that entry, or the consultation request's own `preferredCentre`.
 */
export const ROUTING_RULES = ['authority-default', 'authority-override', 'preferred-centre'] as const;

export const RoutingSchema = z
  .object({
    centre: CentreSchema,
    rule: z.enum(ROUTING_RULES).meta({ description: 'Which rule chose the centre' }),
    policyVersion: z.string().meta({ description: 'Version of the routing table that decided' }),
  })
  .meta({ id: 'Routing' });

/** A centre's note on a status report, or the reason of a transfer (kept with the personal data). */
export const CentreNoteSchema = z
  .object({
    at: z.iso.datetime(),
    centre: CentreSchema.meta({ description: 'The centre that wrote it' }),
    status: StatusSchema.meta({ description: 'The status its change set' }),
    text: z.string(),
    transferredTo: CentreSchema.optional().meta({ description: 'For a transfer: the centre the request went to' }),
  })
  .meta({ id: 'CentreNote' });

const resourceBase = {
  id: z.string(),
  status: StatusSchema,
  centre: CentreSchema,
  municipality: AgsSchema,
  routing: RoutingSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  personalData: z.enum(['present', 'expired', 'erased', 'withheld']).meta({
    description:
      '`expired` after the retention period, `erased` after a withdrawal with revoked consent: the submitted personal data is then gone. `withheld` in the answer to a transfer: the centre that transferred it no longer sees it',
  }),
  personalDataExpiresAt: z.iso.datetime().optional().meta({ description: 'When the personal data will be deleted (retention)' }),
  withdrawal: z
    .object({
      reason: z.string().optional().meta({ description: 'Only while the personal data is kept: free text may name the person' }),
      consentRevoked: z.boolean(),
      at: z.iso.datetime(),
    })
    .optional(),
  appointmentAt: z.iso.datetime().optional().meta({ description: 'Beratungstermin, while the status is appointment_scheduled' }),
  centreNotes: z.array(CentreNoteSchema).optional().meta({
    description: 'Notes of the centres’ status reports and reasons of transfers, oldest first; personal data (same retention)',
  }),
};

/** A case as returned: the submission (while its personal data is kept) plus its state. */
const exampleState = {
  id: '0b6f3f0e-7c1d-4c1e-9a51-3d1f2b7c9e21',
  status: 'queued',
  municipality: '03101',
  centre: 'braunschweig',
  routing: { centre: 'braunschweig', rule: 'authority-default', policyVersion: '2026-11-26.1' },
  createdAt: '2026-11-26T09:15:02.113Z',
  updatedAt: '2026-11-26T09:15:02.113Z',
  personalData: 'present',
  personalDataExpiresAt: '2027-11-26T09:15:02.113Z',
};

export const CaseSchema = caseFields
  .partial()
  .extend({ ...resourceBase, municipalReference: z.string() })
  .meta({
    id: 'Case',
    description: 'A handed-over case: what was submitted (while its personal data is kept) and its state',
    example: { ...caseExample, consent: { ...caseExample.consent, signedBy: 'person' }, ...exampleState },
  });

/** A consultation request as returned: the submission (while its personal data is kept) plus its state. */
export const ConsultationSchema = consultationFields
  .partial()
  .extend(resourceBase)
  .meta({
    id: 'Consultation',
    description: 'A consultation request: what was submitted (while its personal data is kept) and its state',
    example: {
      ...consultationExample,
      consent: { ...consultationExample.consent, signedBy: 'person' },
      ...exampleState,
      id: '5d2a9c4b-1e8f-4a7d-b3c6-8f0e2d1a7b54',
    },
  });

export const ListItemSchema = z
  .object({
    id: z.string(),
    status: StatusSchema,
    centre: CentreSchema,
    municipality: AgsSchema,
    municipalReference: z.string().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'RequestListItem', description: 'A list entry: ids, status and dates, never personal data' });

export const ListSchema = z.object({ items: z.array(ListItemSchema), nextCursor: z.string().nullable() }).meta({ id: 'RequestList' });

export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: '1-100, default 25' }),
  cursor: z.string().max(2048).optional().meta({ description: 'nextCursor of the previous page' }),
  status: StatusSchema.optional(),
  municipalReference: ReferenceFilterSchema,
});

export const WithdrawSchema = z
  .strictObject({
    reason: freeText(500).meta({
      description: `Grund der Rücknahme; kept with the personal data (same retention, erased with it), never logged. ${freeTextRule(500)}`,
    }),
    consentRevoked: z
      .boolean()
      .default(false)
      .meta({ description: 'The person revoked consent (GDPR art. 7(3)): the personal data is erased at once' }),
  })
  .meta({ id: 'Withdrawal', example: { reason: 'Aufenthaltserlaubnis erteilt', consentRevoked: false } });

/** An id in a path: opaque; anything that cannot be one (over 64 characters, not printable ASCII) is 404 like an unknown id. */
export const IdParamSchema = z.object({
  id: z
    .string()
    .regex(/^[\x21-\x7E]{1,64}$/)
    .meta({ description: 'Opaque id; one that cannot exist (over 64 characters) is 404, as an unknown one' }),
});

export type CaseSubmission = z.output<typeof CaseSubmissionSchema>;
export type ConsultationSubmission = z.output<typeof ConsultationSubmissionSchema>;
export type Status = z.infer<typeof StatusSchema>;
export type ListQuery = z.infer<typeof ListQuerySchema>;
export type Withdrawal = z.infer<typeof WithdrawSchema>;
