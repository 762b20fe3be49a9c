import { describe, expect, it } from 'vitest';
import { todayInGermany } from '../../../schemas/common.ts';
import { CaseSubmissionSchema, RESIDENCE_STATUSES } from '../../../schemas/requests.ts';
import { addDays, minimalCase, tomorrowInGermany } from '../../support/fixtures.ts';
import { accept, paths, refuseAt } from './case-helpers.ts';

describe('dates', () => {
  it('refuses a date of birth that is not a date', () => {
    refuseAt(minimalCase({ person: { dateOfBirth: '12.04.1990' } }), 'person.dateOfBirth');
  });

  it.each(['2026-02-30', '2025-02-29', '2023-06-31'])('refuses the impossible date of birth %s', (date) => {
    refuseAt(minimalCase({ person: { dateOfBirth: date } }), 'person.dateOfBirth');
  });

  it('accepts the 29th of February of a leap year as date of birth', () => {
    // A child's consent is signed by the guardian.
    accept(minimalCase({ person: { dateOfBirth: '2024-02-29' }, consent: { signedBy: 'guardian' } }));
  });

  it('refuses a date of birth in the future in German time', () => {
    refuseAt(minimalCase({ person: { dateOfBirth: tomorrowInGermany() } }), 'person.dateOfBirth');
  });

  it('accepts a date of birth of today in German time', () => {
    accept(minimalCase({ person: { dateOfBirth: todayInGermany() }, consent: { signedOn: todayInGermany(), signedBy: 'guardian' } }));
  });

  it('refuses a date of birth before 1900-01-01 and accepts 1900-01-01', () => {
    refuseAt(minimalCase({ person: { dateOfBirth: '1899-12-31' } }), 'person.dateOfBirth');
    accept(minimalCase({ person: { dateOfBirth: '1900-01-01' } }));
  });

  it('refuses a consent signed in the future in German time', () => {
    refuseAt(minimalCase({ consent: { signedOn: tomorrowInGermany() } }), 'consent.signedOn');
  });

  it('accepts a consent signed today in German time', () => {
    accept(minimalCase({ consent: { signedOn: todayInGermany() } }));
  });

  it('refuses a consent date that is not a real date', () => {
    refuseAt(minimalCase({ consent: { signedOn: '2026-02-30' } }), 'consent.signedOn');
    refuseAt(minimalCase({ consent: { signedOn: '20.11.2026' } }), 'consent.signedOn');
  });

  it('accepts a departure deadline in the future but refuses an impossible one', () => {
    accept(minimalCase({ residence: { departureDeadline: addDays(todayInGermany(), 60) } }));
    refuseAt(minimalCase({ residence: { departureDeadline: '2027-02-29' } }), 'residence.departureDeadline');
  });

  it.each([
    ['toleratedUntil', { toleratedUntil: '2027-13-01' }, 'residence.toleratedUntil'],
    [
      'borderCrossingCertificate.issuedOn',
      { borderCrossingCertificate: { issuedOn: '02.11.2026', departureBy: '2027-01-31' } },
      'residence.borderCrossingCertificate.issuedOn',
    ],
    [
      'borderCrossingCertificate.departureBy',
      { borderCrossingCertificate: { issuedOn: '2026-11-02', departureBy: '2027-02-30' } },
      'residence.borderCrossingCertificate.departureBy',
    ],
  ])('refuses an invalid residence date (%s)', (_name, residence, path) => {
    refuseAt(minimalCase({ residence }), path);
  });

  it('refuses a border crossing certificate without its dates', () => {
    expect(paths(minimalCase({ residence: { borderCrossingCertificate: {} } }))).toEqual([
      'residence.borderCrossingCertificate.issuedOn',
      'residence.borderCrossingCertificate.departureBy',
    ]);
  });

  it('refuses a travel document valid until an impossible date', () => {
    refuseAt(minimalCase({ documents: [{ type: 'passport', validUntil: '2030-04-31' }] }), 'documents.0.validUntil');
  });
});

describe('nationalities and target country', () => {
  it.each(['SYR', 'AFG', 'DEU', 'XKX', 'XXA', 'XXB', 'XXC', 'XXX'])('accepts the nationality %s', (code) => {
    accept(minimalCase({ person: { nationalities: [code] } }));
  });

  it.each(['SY', 'SYRIA', 'syr', 'XXZ', 'XKK'])('refuses the nationality %j, at its index', (code) => {
    refuseAt(minimalCase({ person: { nationalities: ['AFG', code] } }), 'person.nationalities.1');
  });

  it('refuses nationalities given as a string instead of a list', () => {
    refuseAt(minimalCase({ person: { nationalities: 'SYR' } }), 'person.nationalities');
  });

  it.each(['SYR', 'AFG', 'TUR', 'XKX'])('accepts the target country %s', (targetCountry) => {
    accept(minimalCase({ targetCountry }));
  });

  it.each(['XXA', 'XXB', 'XXC', 'XXX', 'syr', 'SY'])('refuses the target country %s', (targetCountry) => {
    refuseAt(minimalCase({ targetCountry }), 'targetCountry');
  });
});

describe('languages', () => {
  it.each(['ar', 'fa-AF', 'sr-Latn', 'ckb'])('accepts the language %s', (language) => {
    accept(minimalCase({ person: { languages: [language] } }));
  });

  it.each(['arabic', 'a', '12', 'en_US', ''])('refuses the language %j, at its index', (language) => {
    refuseAt(minimalCase({ person: { languages: ['de', language] } }), 'person.languages.1');
  });
});

describe('residence', () => {
  it('pins exactly six residence statuses', () => {
    expect(RESIDENCE_STATUSES).toEqual([
      'vollziehbar_ausreisepflichtig',
      'ausreisepflichtig',
      'duldung',
      'aufenthaltsgestattung',
      'aufenthaltserlaubnis',
      'other',
    ]);
  });

  it.each([...RESIDENCE_STATUSES])('accepts the residence status %s', (status) => {
    accept(minimalCase({ residence: { status } }));
  });

  it.each(['Duldung', 'tolerated', 'DULDUNG', 'vollziehbar ausreisepflichtig', ''])('refuses the residence status %j', (status) => {
    refuseAt(minimalCase({ residence: { status } }), 'residence.status');
  });

  it('refuses a residence without status', () => {
    refuseAt(minimalCase({ residence: { status: undefined } }), 'residence.status');
  });
});

describe('municipal reference', () => {
  it.each(['ABH-2026-0001', '32.1-ABH/2026 (Nr. 17)', 'Az_4711:B#2'])('accepts the file number %j', (municipalReference) => {
    accept(minimalCase({ municipalReference }));
  });

  it('trims the file number', () => {
    expect(CaseSubmissionSchema.parse(minimalCase({ municipalReference: ' ABH-1 ' })).municipalReference).toBe('ABH-1');
  });

  it.each(['ABH<1>', 'ABH;2026', 'ABH § 60a'])('accepts the DIN 91379 data type B file number %j', (municipalReference) => {
    accept(minimalCase({ municipalReference }));
  });

  it.each(['ABH\n1', 'ABH\u00001', 'ABH 😀', 'ABH \u00BD', 'ABH\u200B1'])('refuses the file number %j', (municipalReference) => {
    refuseAt(minimalCase({ municipalReference }), 'municipalReference');
  });

  it('refuses a file number outside the DIN 91379 Latin character set (look-alike Cyrillic, Arabic)', () => {
    // 'АВН-2026-0001' starts with Cyrillic А, В, Н: it looks like ABH-2026-0001 but is a different reference.
    const references = ['АВН-2026-0001', 'مرجع-1'];
    expect(references.filter((municipalReference) => CaseSubmissionSchema.safeParse(minimalCase({ municipalReference })).success)).toEqual(
      [],
    );
  });
});

describe('AZR number', () => {
  it('accepts 12 digits', () => {
    accept(minimalCase({ person: { azrNumber: '000123456789' } }));
  });

  it.each([
    ['11 digits', '12345678901'],
    ['13 digits', '1234567890123'],
    ['a letter', '12345678901A'],
    ['spaces', '1234 5678 9012'],
    ['fullwidth digits', '１２３４５６７８９０１２'],
    ['a number instead of a string', 123456789012],
  ])('refuses an AZR number with %s', (_name, azrNumber) => {
    refuseAt(minimalCase({ person: { azrNumber } }), 'person.azrNumber');
  });
});

describe('documents', () => {
  it('accepts a passport with number, issuing state and validity', () => {
    accept(minimalCase({ documents: [{ type: 'passport', number: 'N01234567', issuingCountry: 'SYR', validUntil: '2028-01-31' }] }));
  });

  it('accepts a document of type none without number', () => {
    accept(minimalCase({ documents: [{ type: 'none' }] }));
  });

  it('refuses a document of type none that carries a number', () => {
    refuseAt(minimalCase({ documents: [{ type: 'none', number: 'N01234567' }] }), 'documents.0.type');
  });

  it('refuses a document of type none that carries a validity', () => {
    refuseAt(minimalCase({ documents: [{ type: 'none', validUntil: '2028-01-31' }] }), 'documents.0.type');
  });

  it.each(['MRZ<<1234', 'P-123', 'A'.repeat(30)])('accepts the document number %j', (number) => {
    accept(minimalCase({ documents: [{ type: 'passport', number }] }));
  });

  it.each([
    ['lower case', 'n01234567'],
    ['a space', 'N 01234567'],
    ['over 30 characters', 'A'.repeat(31)],
    ['empty', ''],
    ['an umlaut', 'NÜ1234567'],
  ])('refuses a document number with %s', (_name, number) => {
    refuseAt(minimalCase({ documents: [{ type: 'passport', number }] }), 'documents.0.number');
  });

  it('refuses an unknown document type and an invalid issuing state', () => {
    refuseAt(minimalCase({ documents: [{ type: 'id_card' }] }), 'documents.0.type');
    refuseAt(minimalCase({ documents: [{ type: 'passport', issuingCountry: 'Syrien' }] }), 'documents.0.issuingCountry');
  });

  it('points at the right document', () => {
    refuseAt(minimalCase({ documents: [{ type: 'passport' }, { type: 'none', number: 'X1' }] }), 'documents.1.type');
  });
});

describe('vulnerabilities', () => {
  it('accepts every vulnerability flag', () => {
    accept(minimalCase({ vulnerabilities: { medicalNeeds: true, reducedMobility: true, pregnancy: true, traffickingVictim: true } }));
  });

  it('refuses a flag given as a string and an unknown fitness to travel', () => {
    refuseAt(minimalCase({ vulnerabilities: { pregnancy: 'ja' } }), 'vulnerabilities.pregnancy');
    refuseAt(minimalCase({ vulnerabilities: { fitnessToTravel: 'maybe' } }), 'vulnerabilities.fitnessToTravel');
  });

  it('refuses control characters in medical notes', () => {
    refuseAt(minimalCase({ vulnerabilities: { medicalNotes: 'Dialyse\u001B[31m' } }), 'vulnerabilities.medicalNotes');
  });
});

describe('contact', () => {
  it('requires a name and an e-mail address', () => {
    refuseAt(minimalCase({ contact: { name: undefined } }), 'contact.name');
    refuseAt(minimalCase({ contact: { email: undefined } }), 'contact.email');
  });

  it.each(['abh(at)example.org', 'abh@example', 'Sachbearbeitung', ''])('refuses the e-mail address %j', (email) => {
    refuseAt(minimalCase({ contact: { email } }), 'contact.email');
  });

  it.each(['+49 531 470-1234', '0531/4701234', '(0531) 470 1234'])('accepts the phone number %j', (phone) => {
    accept(minimalCase({ contact: { phone } }));
  });

  it.each(['0531 470 1234 Durchwahl', '1234', '+49 531 470 1234 1234 1234 1234 1'])('refuses the phone number %j', (phone) => {
    refuseAt(minimalCase({ contact: { phone } }), 'contact.phone');
  });

  it('refuses a phone number that has no digit at all', () => {
    refuseAt(minimalCase({ contact: { phone: '-----' } }), 'contact.phone');
  });
});
