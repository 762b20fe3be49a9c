import { fullCase, type JsonObject, minimalConsultation } from './fixtures.ts';

/**
 * A canary value in every personal field of a submission: names, dates of birth, places, numbers,
 * free text, the caseworker's contact. None of them may ever appear in the exchange log, its export,
 * a log line or the admin page.
 */
export const CANARY = {
  familyName: 'Kanarienfeld',
  givenNames: 'Zephyrine',
  birthName: 'Vogelsang',
  dateOfBirth: '1979-03-17',
  placeOfBirth: 'Kanarienstadt',
  azrNumber: '987654321098',
  alias: 'Pfeifling',
  memberFamilyName: 'Trillerbaum',
  memberGivenNames: 'Quirlinde',
  memberDateOfBirth: '1981-11-23',
  medicalNotes: 'Kanariendialyse am Dienstag',
  vulnerabilityOther: 'Kanarienangst vor Menschenmengen',
  documentNumber: 'K98765432',
  contactName: 'Frau Kanarienberg',
  contactEmail: 'kanarien@example.org',
  contactPhone: '+49 531 999-4242',
  notes: 'Kanarienhinweis vertraulich',
  statusNote: 'Kanarienstatusnotiz',
  transferReason: 'Kanarienumzugsgrund',
  withdrawReason: 'Kanarienruecknahmegrund',
} as const;

/** The full case with a canary in every personal field (and a fresh file number). */
export function canaryCase(): JsonObject {
  return fullCase({
    municipalReference: `ABH-KAN-${crypto.randomUUID().slice(0, 8)}`,
    person: {
      familyName: CANARY.familyName,
      givenNames: CANARY.givenNames,
      birthName: CANARY.birthName,
      dateOfBirth: CANARY.dateOfBirth,
      placeOfBirth: CANARY.placeOfBirth,
      azrNumber: CANARY.azrNumber,
      aliases: [{ familyName: CANARY.alias }],
    },
    household: {
      members: [
        {
          relationship: 'spouse',
          familyName: CANARY.memberFamilyName,
          givenNames: CANARY.memberGivenNames,
          dateOfBirth: CANARY.memberDateOfBirth,
          nationalities: ['SYR'],
          consent: { dataTransfer: true, signedOn: '2026-11-20' },
        },
      ],
      unaccompaniedMinor: false,
    },
    vulnerabilities: { medicalNotes: CANARY.medicalNotes, other: CANARY.vulnerabilityOther },
    documents: [{ type: 'passport', number: CANARY.documentNumber, issuingCountry: 'SYR', validUntil: '2025-06-30' }],
    contact: { name: CANARY.contactName, email: CANARY.contactEmail, phone: CANARY.contactPhone },
    notes: CANARY.notes,
  });
}

/** A consultation request of the same person. */
export function canaryConsultation(): JsonObject {
  return minimalConsultation({
    person: { familyName: CANARY.familyName, givenNames: CANARY.givenNames, dateOfBirth: CANARY.dateOfBirth },
  });
}

/** Every canary value found in a text. */
export function canariesIn(text: string): string[] {
  return Object.values(CANARY).filter((value) => text.includes(value));
}
