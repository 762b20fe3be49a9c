import { describe, expect, it } from 'vitest';
import { todayInGermany } from '../../../schemas/common.ts';
import { ConsultationSubmissionSchema, TOPICS } from '../../../schemas/requests.ts';
import {
  consultationErrors,
  expectAccepted,
  expectRefusedAt,
  fullCase,
  type JsonObject,
  minimalConsultation,
  pathsOf,
  tomorrowInGermany,
} from '../../support/fixtures.ts';

const accept = (body: unknown) => expectAccepted(ConsultationSubmissionSchema, body);
const refuseAt = (body: unknown, path: string) => expectRefusedAt(ConsultationSubmissionSchema, body, path);
const paths = (body: unknown) => pathsOf(ConsultationSubmissionSchema, body);

const adultMember = { relationship: 'spouse', familyName: 'Rahimi', givenNames: 'Mina', dateOfBirth: '1988-01-15' };

describe('accepted consultation requests', () => {
  it('accepts the minimal consultation request of the contract exactly as it is', () => {
    const body = minimalConsultation();
    const before = structuredClone(body);
    const result = ConsultationSubmissionSchema.safeParse(body);
    expect(result.success).toBe(true);
    expect(body).toEqual(before);
    expect(result.data).toEqual({ ...before, consent: { ...(before.consent as JsonObject), signedBy: 'person' } });
  });

  it('accepts a request with caseId, preferredCentre and availability', () => {
    const body = minimalConsultation({ caseId: 'cas_01JD3Q7M8N9P', preferredCentre: 'osnabrueck', availability: 'werktags ab 14 Uhr' });
    const parsed = ConsultationSubmissionSchema.parse(body);
    expect(parsed.caseId).toBe('cas_01JD3Q7M8N9P');
    expect(parsed.preferredCentre).toBe('osnabrueck');
    expect(parsed.availability).toBe('werktags ab 14 Uhr');
  });

  it('accepts a request for someone who is obliged to leave, with the case details of a full case', () => {
    const full = fullCase();
    accept(
      minimalConsultation({
        person: full.person,
        obligedToLeave: true,
        municipalReference: full.municipalReference,
        residence: full.residence,
        targetCountry: full.targetCountry,
        household: full.household,
        vulnerabilities: full.vulnerabilities,
        contact: full.contact,
        notes: full.notes,
        topics: ['voluntary_return', 'reintegration', 'financial_support'],
        preferredChannel: 'in_person',
        preferredCentre: 'braunschweig',
      }),
    );
  });

  it('needs no contact, residence or municipal reference', () => {
    const parsed = ConsultationSubmissionSchema.parse(minimalConsultation());
    expect(parsed.contact).toBeUndefined();
    expect(parsed.residence).toBeUndefined();
    expect(parsed.municipalReference).toBeUndefined();
  });
});

describe('required fields', () => {
  it.each(['person', 'obligedToLeave', 'topics', 'preferredChannel', 'consent'])('refuses a request without %s, at that path', (field) => {
    refuseAt(minimalConsultation({ [field]: undefined }), field);
  });

  it.each([
    ['the string "false"', 'false'],
    ['0', 0],
    ['null', null],
  ])('refuses obligedToLeave given as %s', (_name, obligedToLeave) => {
    refuseAt(minimalConsultation({ obligedToLeave }), 'obligedToLeave');
  });
});

describe('topics', () => {
  it('pins exactly six topics', () => {
    expect(TOPICS).toEqual(['voluntary_return', 'reintegration', 'travel_documents', 'financial_support', 'medical', 'other']);
  });

  it.each([...TOPICS])('accepts the topic %s', (topic) => {
    accept(minimalConsultation({ topics: [topic] }));
  });

  it('accepts all six topics at once', () => {
    accept(minimalConsultation({ topics: [...TOPICS] }));
  });

  it.each(['Rückkehr', 'Voluntary_Return', 'voluntary return', 'housing', ''])('refuses the topic %j, at its index', (topic) => {
    refuseAt(minimalConsultation({ topics: ['medical', topic] }), 'topics.1');
  });

  it('refuses a repeated topic', () => {
    refuseAt(minimalConsultation({ topics: ['medical', 'medical'] }), 'topics');
  });

  it('refuses more than six topics', () => {
    refuseAt(minimalConsultation({ topics: [...TOPICS, 'other'] }), 'topics');
  });

  it('refuses an empty list of topics', () => {
    refuseAt(minimalConsultation({ topics: [] }), 'topics');
  });

  it('refuses topics given as a string instead of a list', () => {
    refuseAt(minimalConsultation({ topics: 'voluntary_return' }), 'topics');
  });
});

describe('channel and centre', () => {
  it.each(['in_person', 'phone', 'video'])('accepts the channel %s', (preferredChannel) => {
    accept(minimalConsultation({ preferredChannel }));
  });

  it.each(['email', 'in-person', 'Phone', 'letter', ''])('refuses the channel %j', (preferredChannel) => {
    refuseAt(minimalConsultation({ preferredChannel }), 'preferredChannel');
  });

  it.each(['braunschweig', 'osnabrueck'])('accepts the preferred centre %s', (preferredCentre) => {
    accept(minimalConsultation({ preferredCentre }));
  });

  it.each(['hannover', 'Braunschweig', 'osnabrück', 'osnabruck', ''])('refuses the preferred centre %j', (preferredCentre) => {
    refuseAt(minimalConsultation({ preferredCentre }), 'preferredCentre');
  });
});

describe('caseId, availability and notes', () => {
  it('accepts a caseId of 64 characters and refuses 65 or none', () => {
    accept(minimalConsultation({ caseId: 'c'.repeat(64) }));
    refuseAt(minimalConsultation({ caseId: 'c'.repeat(65) }), 'caseId');
    refuseAt(minimalConsultation({ caseId: '' }), 'caseId');
    refuseAt(minimalConsultation({ caseId: 42 }), 'caseId');
  });

  it('accepts availability of 500 characters and refuses 501', () => {
    accept(minimalConsultation({ availability: 'a'.repeat(500) }));
    refuseAt(minimalConsultation({ availability: 'a'.repeat(501) }), 'availability');
  });

  it('accepts availability over several lines but refuses control characters', () => {
    accept(minimalConsultation({ availability: 'Mo-Fr 14-17 Uhr\nnicht mittwochs' }));
    refuseAt(minimalConsultation({ availability: 'ab 14 Uhr\u0007' }), 'availability');
  });

  it('refuses notes over 2000 characters', () => {
    accept(minimalConsultation({ notes: 'n'.repeat(2000) }));
    refuseAt(minimalConsultation({ notes: 'n'.repeat(2001) }), 'notes');
  });
});

describe('person', () => {
  it('refuses a date of birth in the future in German time', () => {
    refuseAt(minimalConsultation({ person: { dateOfBirth: tomorrowInGermany() } }), 'person.dateOfBirth');
  });

  it('refuses an impossible date of birth and accepts 29 February of a leap year', () => {
    refuseAt(minimalConsultation({ person: { dateOfBirth: '1985-02-29' } }), 'person.dateOfBirth');
    accept(minimalConsultation({ person: { dateOfBirth: '1984-02-29' } }));
  });

  it('refuses a name outside DIN 91379 without echoing it', () => {
    const errors = consultationErrors(minimalConsultation({ person: { familyName: 'بيشبيل' } }));
    expect(errors.map((error) => error.path)).toEqual(['person.familyName']);
    expect(JSON.stringify(errors)).not.toContain('بيشبيل');
  });

  it('refuses invalid nationalities and languages at their index', () => {
    refuseAt(minimalConsultation({ person: { nationalities: ['af'] } }), 'person.nationalities.0');
    refuseAt(minimalConsultation({ person: { languages: ['dari'] } }), 'person.languages.0');
  });

  it('refuses empty nationalities and languages', () => {
    refuseAt(minimalConsultation({ person: { nationalities: [] } }), 'person.nationalities');
    refuseAt(minimalConsultation({ person: { languages: [] } }), 'person.languages');
  });

  it('refuses an AZR number that is not 12 digits', () => {
    refuseAt(minimalConsultation({ person: { azrNumber: '1234567890' } }), 'person.azrNumber');
  });
});

describe('consent', () => {
  it.each([
    ['false', false],
    ['the string "true"', 'true'],
  ])('refuses dataTransfer %s, at consent.dataTransfer', (_name, dataTransfer) => {
    refuseAt(minimalConsultation({ consent: { dataTransfer } }), 'consent.dataTransfer');
  });

  it('refuses a consent without dataTransfer, at consent.dataTransfer', () => {
    refuseAt(minimalConsultation({ consent: { dataTransfer: undefined } }), 'consent.dataTransfer');
  });

  it('refuses a request without consent object', () => {
    refuseAt(minimalConsultation({ consent: undefined }), 'consent');
  });

  it('refuses a consent signed in the future and accepts one signed today', () => {
    refuseAt(minimalConsultation({ consent: { signedOn: tomorrowInGermany() } }), 'consent.signedOn');
    accept(minimalConsultation({ consent: { signedOn: todayInGermany() } }));
  });

  it('applies the household rules of a case: adults consent themselves', () => {
    refuseAt(minimalConsultation({ household: { members: [adultMember] } }), 'household.members.0.consent');
    accept(minimalConsultation({ household: { members: [{ ...adultMember, consent: { dataTransfer: true, signedOn: '2026-11-20' } }] } }));
  });

  it('accepts a minor household member without consent', () => {
    accept(minimalConsultation({ household: { members: [{ ...adultMember, relationship: 'child', dateOfBirth: '2015-03-01' }] } }));
  });

  it('applies the household rules of a case: an unaccompanied minor has a guardian who signs', () => {
    const minor = { person: { dateOfBirth: '2011-08-08' } };
    expect(paths(minimalConsultation({ ...minor, household: { unaccompaniedMinor: true } }))).toEqual([
      'household.legalGuardian',
      'consent.signedBy',
    ]);
    accept(
      minimalConsultation({
        ...minor,
        household: { unaccompaniedMinor: true, legalGuardian: { name: 'Jugendamt Osnabrück' } },
        consent: { signedBy: 'guardian' },
      }),
    );
  });
});

describe('optional case details are validated when given', () => {
  it('refuses an invalid residence status and a residence without status', () => {
    refuseAt(minimalConsultation({ residence: { status: 'Duldung' } }), 'residence.status');
    refuseAt(minimalConsultation({ residence: {} }), 'residence.status');
  });

  it('refuses an ICAO status code as target country but accepts Kosovo', () => {
    refuseAt(minimalConsultation({ targetCountry: 'XXA' }), 'targetCountry');
    accept(minimalConsultation({ targetCountry: 'XKX' }));
  });

  it('refuses a municipal reference over 64 characters', () => {
    refuseAt(minimalConsultation({ municipalReference: 'R'.repeat(65) }), 'municipalReference');
  });

  it('requires name and a valid e-mail of a contact that is given', () => {
    refuseAt(minimalConsultation({ contact: { email: 'abh@example.org' } }), 'contact.name');
    refuseAt(minimalConsultation({ contact: { name: 'Sachbearbeitung', email: 'abh at example.org' } }), 'contact.email');
    refuseAt(minimalConsultation({ contact: { name: 'Sachbearbeitung', email: 'abh@example.org', phone: 'ab 14 Uhr' } }), 'contact.phone');
  });

  it('refuses medical notes over 1000 characters', () => {
    refuseAt(minimalConsultation({ vulnerabilities: { medicalNotes: 'm'.repeat(1001) } }), 'vulnerabilities.medicalNotes');
  });

  it('does not take travel documents (they belong to a case)', () => {
    refuseAt(minimalConsultation({ documents: [{ type: 'none' }] }), 'documents');
  });
});

describe('unknown fields', () => {
  it.each([
    ['top level', { foo: 1 }, 'foo'],
    ['person', { person: { foo: 'x' } }, 'person.foo'],
    ['consent', { consent: { x: true } }, 'consent.x'],
    ['residence', { residence: { status: 'duldung', bar: 1 } }, 'residence.bar'],
    ['contact', { contact: { name: 'Sachbearbeitung', email: 'abh@example.org', fax: '1' } }, 'contact.fax'],
  ])('reports an unknown field in %s by its own path', (_where, overrides, path) => {
    expect(consultationErrors(minimalConsultation(overrides))).toEqual([{ path, message: 'unknown field' }]);
  });

  it('reports several unknown fields each with its own path', () => {
    const errors = consultationErrors(minimalConsultation({ foo: 1, person: { foo: 'x' }, consent: { x: true } }));
    expect(errors).toHaveLength(3);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'foo', message: 'unknown field' },
        { path: 'person.foo', message: 'unknown field' },
        { path: 'consent.x', message: 'unknown field' },
      ]),
    );
  });

  it('refuses the status fields of a resource in a submission', () => {
    expect(paths(minimalConsultation({ status: 'queued', centre: 'braunschweig' }))).toEqual(['status', 'centre']);
  });
});
