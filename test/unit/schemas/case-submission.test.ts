import { describe, expect, it } from 'vitest';
import { todayInGermany } from '../../../schemas/common.ts';
import { CaseSubmissionSchema, isAdultOn, RESIDENCE_STATUSES } from '../../../schemas/requests.ts';
import {
  addDays,
  caseErrors,
  expectAccepted,
  expectRefusedAt,
  fullCase,
  type JsonObject,
  minimalCase,
  pathsOf,
  tomorrowInGermany,
} from '../../support/fixtures.ts';

const accept = (body: unknown) => expectAccepted(CaseSubmissionSchema, body);
const refuseAt = (body: unknown, path: string) => expectRefusedAt(CaseSubmissionSchema, body, path);
const paths = (body: unknown) => pathsOf(CaseSubmissionSchema, body);

/** The consent date of the minimal bodies: adulthood of household members is judged on it. */
const SIGNED_ON = '2026-11-20';

const adultMember = (overrides: JsonObject = {}): JsonObject => ({
  relationship: 'spouse',
  familyName: 'Haddad',
  givenNames: 'Karim',
  dateOfBirth: '1987-06-30',
  ...overrides,
});

const memberConsent = { dataTransfer: true, signedOn: SIGNED_ON };

const guardian = { name: 'Jugendamt Braunschweig', organisation: 'Stadt Braunschweig', email: 'jugendamt@example.org' };

describe('accepted cases', () => {
  it('accepts the minimal case of the contract exactly as it is', () => {
    const body = minimalCase();
    const before = structuredClone(body);
    const result = CaseSubmissionSchema.safeParse(body);
    expect(result.success).toBe(true);
    expect(body).toEqual(before);
    // What was submitted comes back; the only addition is the default signer of the consent.
    expect(result.data).toEqual({ ...before, consent: { ...(before.consent as JsonObject), signedBy: 'person' } });
  });

  it('accepts a case that uses every optional field', () => {
    accept(fullCase());
  });

  it('keeps every optional field of the full case', () => {
    const parsed = CaseSubmissionSchema.parse(fullCase());
    expect(parsed.person.azrNumber).toBe('123456789012');
    expect(parsed.person.aliases).toHaveLength(2);
    expect(parsed.residence.borderCrossingCertificate).toEqual({ issuedOn: '2026-11-02', departureBy: '2027-01-31' });
    expect(parsed.household?.members).toHaveLength(2);
    expect(parsed.documents).toHaveLength(2);
    expect(parsed.contact.phone).toBe('+49 531 470-1234');
  });

  it('accepts a case without departure deadline (it is optional)', () => {
    accept(minimalCase({ residence: { departureDeadline: undefined } }));
  });

  it('trims and NFC-normalises the names it stores', () => {
    const parsed = CaseSubmissionSchema.parse(minimalCase({ person: { familyName: '  Mu\u0308ller ', givenNames: 'Zoe\u0308' } }));
    expect(parsed.person.familyName).toBe('Müller');
    expect(parsed.person.givenNames).toBe('Zoë');
  });
});

describe('required fields', () => {
  it.each(['municipalReference', 'person', 'residence', 'consent', 'contact'])('refuses a case without %s, at that path', (field) => {
    refuseAt(minimalCase({ [field]: undefined }), field);
  });

  it.each(['familyName', 'givenNames', 'dateOfBirth', 'nationalities', 'languages', 'interpreterRequired'])(
    'refuses a person without %s, at that path',
    (field) => {
      refuseAt(minimalCase({ person: { [field]: undefined } }), `person.${field}`);
    },
  );

  it('refuses interpreterRequired given as a string', () => {
    refuseAt(minimalCase({ person: { interpreterRequired: 'true' } }), 'person.interpreterRequired');
  });

  it('refuses a body that is not an object', () => {
    expect(paths([minimalCase()])).toEqual(['(body)']);
    expect(paths(null)).toEqual(['(body)']);
  });
});

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

describe('consent', () => {
  it.each([
    ['false', false],
    ['the string "true"', 'true'],
    ['1', 1],
    ['null', null],
  ])('refuses dataTransfer %s, at consent.dataTransfer', (_name, dataTransfer) => {
    refuseAt(minimalCase({ consent: { dataTransfer } }), 'consent.dataTransfer');
  });

  it('refuses a consent without dataTransfer, at consent.dataTransfer', () => {
    refuseAt(minimalCase({ consent: { dataTransfer: undefined } }), 'consent.dataTransfer');
  });

  it('refuses a consent without the date it was signed', () => {
    refuseAt(minimalCase({ consent: { signedOn: undefined } }), 'consent.signedOn');
  });

  it('refuses a case without a consent object, at consent', () => {
    refuseAt(minimalCase({ consent: undefined }), 'consent');
  });

  it('refuses a consent that is not an object', () => {
    refuseAt(minimalCase({ consent: true }), 'consent');
  });

  it('accepts a consent signed by the legal guardian', () => {
    accept(minimalCase({ consent: { signedBy: 'guardian' } }));
  });

  it('refuses an unknown signer', () => {
    refuseAt(minimalCase({ consent: { signedBy: 'mother' } }), 'consent.signedBy');
  });

  it('refuses a missing consent without tripping over the household rules', () => {
    refuseAt(minimalCase({ consent: undefined, household: { unaccompaniedMinor: true, members: [adultMember()] } }), 'consent');
  });
});

describe('unaccompanied minors', () => {
  const minor = { person: { dateOfBirth: '2010-05-05' } };

  it('accepts an unaccompanied minor with a legal guardian who signed the consent', () => {
    accept(minimalCase({ ...minor, household: { unaccompaniedMinor: true, legalGuardian: guardian }, consent: { signedBy: 'guardian' } }));
  });

  it('requires the guardian, not the minor, to sign the consent', () => {
    refuseAt(
      minimalCase({ ...minor, household: { unaccompaniedMinor: true, legalGuardian: guardian }, consent: { signedBy: 'person' } }),
      'consent.signedBy',
    );
  });

  it('does not let the default signer (the person) stand for an unaccompanied minor', () => {
    refuseAt(minimalCase({ ...minor, household: { unaccompaniedMinor: true, legalGuardian: guardian } }), 'consent.signedBy');
  });

  it('refuses an unaccompanied minor without a legal guardian', () => {
    refuseAt(
      minimalCase({ ...minor, household: { unaccompaniedMinor: true }, consent: { signedBy: 'guardian' } }),
      'household.legalGuardian',
    );
  });

  it('reports both a missing guardian and the wrong signer', () => {
    expect(paths(minimalCase({ ...minor, household: { unaccompaniedMinor: true } }))).toEqual([
      'household.legalGuardian',
      'consent.signedBy',
    ]);
  });

  it('requires a guardian to have a name and valid contact details', () => {
    const body = (legalGuardian: JsonObject) =>
      minimalCase({ ...minor, household: { unaccompaniedMinor: true, legalGuardian }, consent: { signedBy: 'guardian' } });
    refuseAt(body({ organisation: 'Jugendamt' }), 'household.legalGuardian.name');
    refuseAt(body({ name: 'Jugendamt', email: 'jugendamt(at)example.org' }), 'household.legalGuardian.email');
    refuseAt(body({ name: 'Jugendamt', phone: 'Zentrale' }), 'household.legalGuardian.phone');
    refuseAt(body({ name: 'Jugendamt', address: 'Rathaus' }), 'household.legalGuardian.address');
  });

  it('refuses unaccompaniedMinor given as a string', () => {
    refuseAt(minimalCase({ household: { unaccompaniedMinor: 'yes' } }), 'household.unaccompaniedMinor');
  });
});

describe('household members', () => {
  it('accepts an adult member with consent and a child without', () => {
    accept(
      minimalCase({
        household: {
          members: [
            adultMember({ consent: memberConsent }),
            { relationship: 'child', familyName: 'Haddad', givenNames: 'Lina', dateOfBirth: '2016-02-29' },
          ],
        },
      }),
    );
  });

  it('refuses an adult member without consent, at that member\u2019s consent', () => {
    refuseAt(minimalCase({ household: { members: [adultMember()] } }), 'household.members.0.consent');
  });

  it('points at the right member when the second one lacks consent', () => {
    refuseAt(
      minimalCase({ household: { members: [adultMember({ consent: memberConsent }), adultMember({ givenNames: 'Samir' })] } }),
      'household.members.1.consent',
    );
  });

  it('treats a member who turns 18 on the day the consent is signed as an adult', () => {
    expect(isAdultOn('2008-11-20', SIGNED_ON)).toBe(true);
    refuseAt(minimalCase({ household: { members: [adultMember({ dateOfBirth: '2008-11-20' })] } }), 'household.members.0.consent');
  });

  it('treats a member who turns 18 the day after the consent was signed as a minor', () => {
    expect(isAdultOn('2008-11-21', SIGNED_ON)).toBe(false);
    accept(minimalCase({ household: { members: [adultMember({ relationship: 'child', dateOfBirth: '2008-11-21' })] } }));
  });

  it('judges adulthood on the day the consent was signed, not today', () => {
    const member = adultMember({ relationship: 'child', dateOfBirth: '2008-06-01' });
    accept(minimalCase({ consent: { signedOn: '2026-05-31' }, household: { members: [member] } }));
    refuseAt(minimalCase({ consent: { signedOn: '2026-06-01' }, household: { members: [member] } }), 'household.members.0.consent');
  });

  it('makes someone born on 29 February of age on 1 March in a common year (BGB section 188(3))', () => {
    expect(isAdultOn('2008-02-29', '2026-02-28')).toBe(false);
    expect(isAdultOn('2008-02-29', '2026-03-01')).toBe(true);
    expect(isAdultOn('2008-02-29', '2026-02-29')).toBe(true);
  });

  it.each([
    ['false', { dataTransfer: false, signedOn: SIGNED_ON }, 'household.members.0.consent.dataTransfer'],
    ['without dataTransfer', { signedOn: SIGNED_ON }, 'household.members.0.consent.dataTransfer'],
    ['signed in the future', { dataTransfer: true, signedOn: '2099-01-01' }, 'household.members.0.consent.signedOn'],
    ['with a signer', { dataTransfer: true, signedOn: SIGNED_ON, signedBy: 'guardian' }, 'household.members.0.consent.signedBy'],
  ])('refuses a member consent %s', (_name, consent, path) => {
    refuseAt(minimalCase({ household: { members: [adultMember({ consent })] } }), path);
  });

  it('refuses a member born in the future or before 1900', () => {
    refuseAt(
      minimalCase({ household: { members: [adultMember({ relationship: 'child', dateOfBirth: tomorrowInGermany() })] } }),
      'household.members.0.dateOfBirth',
    );
    refuseAt(
      minimalCase({ household: { members: [adultMember({ dateOfBirth: '1899-12-31', consent: memberConsent })] } }),
      'household.members.0.dateOfBirth',
    );
  });

  it('refuses an unknown relationship', () => {
    refuseAt(
      minimalCase({ household: { members: [adultMember({ relationship: 'cousin', consent: memberConsent })] } }),
      'household.members.0.relationship',
    );
  });

  it('refuses member names outside DIN 91379', () => {
    refuseAt(
      minimalCase({ household: { members: [adultMember({ familyName: 'Хаддад', consent: memberConsent })] } }),
      'household.members.0.familyName',
    );
  });

  it('refuses invalid member nationalities', () => {
    refuseAt(
      minimalCase({ household: { members: [adultMember({ nationalities: ['sy'], consent: memberConsent })] } }),
      'household.members.0.nationalities.0',
    );
    refuseAt(
      minimalCase({ household: { members: [adultMember({ nationalities: [], consent: memberConsent })] } }),
      'household.members.0.nationalities',
    );
  });

  it('accepts 20 members and refuses 21', () => {
    const child = { relationship: 'child', familyName: 'Haddad', givenNames: 'Lina', dateOfBirth: '2016-02-29' };
    accept(minimalCase({ household: { members: Array.from({ length: 20 }, () => child) } }));
    refuseAt(minimalCase({ household: { members: Array.from({ length: 21 }, () => child) } }), 'household.members');
  });

  it('accepts an empty household', () => {
    accept(minimalCase({ household: {} }));
    accept(minimalCase({ household: { members: [] } }));
  });
});

describe('unknown fields', () => {
  it.each([
    ['top level', { foo: 1 }, 'foo'],
    ['person', { person: { foo: 'x' } }, 'person.foo'],
    ['residence', { residence: { bar: 'x' } }, 'residence.bar'],
    ['consent', { consent: { x: true } }, 'consent.x'],
    ['contact', { contact: { fax: '0531 1' } }, 'contact.fax'],
    [
      'border crossing certificate',
      { residence: { borderCrossingCertificate: { issuedOn: '2026-11-02', departureBy: '2027-01-31', by: 'x' } } },
      'residence.borderCrossingCertificate.by',
    ],
    ['household', { household: { pets: 2 } }, 'household.pets'],
    [
      'household member',
      { household: { members: [{ ...adultMember({ consent: memberConsent }), note: 'x' }] } },
      'household.members.0.note',
    ],
    ['member consent', { household: { members: [adultMember({ consent: { ...memberConsent, x: 1 } })] } }, 'household.members.0.consent.x'],
    ['vulnerabilities', { vulnerabilities: { diagnosis: 'x' } }, 'vulnerabilities.diagnosis'],
    ['document', { documents: [{ type: 'passport', scan: 'x' }] }, 'documents.0.scan'],
    ['alias', { person: { aliases: [{ familyName: 'Haddad', dateOfBirth: '1990-04-12' }] } }, 'person.aliases.0.dateOfBirth'],
  ])('reports an unknown field in %s by its own path', (_where, overrides, path) => {
    expect(caseErrors(minimalCase(overrides))).toEqual([{ path, message: 'unknown field' }]);
  });

  it('reports several unknown fields each with its own path', () => {
    const errors = caseErrors(minimalCase({ foo: 1, person: { foo: 'x' }, residence: { bar: 'y' }, consent: { x: true } }));
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'foo', message: 'unknown field' },
        { path: 'person.foo', message: 'unknown field' },
        { path: 'residence.bar', message: 'unknown field' },
        { path: 'consent.x', message: 'unknown field' },
      ]),
    );
    expect(errors).toHaveLength(4);
  });

  it('refuses fields of a consultation request in a case (a case is no consultation)', () => {
    refuseAt(minimalCase({ topics: ['voluntary_return'] }), 'topics');
  });
});

describe('lengths', () => {
  const long = (n: number) => 'a'.repeat(n);

  it.each([
    ['familyName', { person: { familyName: long(201) } }, 'person.familyName'],
    ['givenNames', { person: { givenNames: long(201) } }, 'person.givenNames'],
    ['birthName', { person: { birthName: long(201) } }, 'person.birthName'],
    ['placeOfBirth', { person: { placeOfBirth: long(201) } }, 'person.placeOfBirth'],
    ['an alias', { person: { aliases: [{ familyName: long(201) }] } }, 'person.aliases.0.familyName'],
    [
      'a member name',
      { household: { members: [adultMember({ givenNames: long(201), consent: memberConsent })] } },
      'household.members.0.givenNames',
    ],
    ['the caseworker', { contact: { name: long(201) } }, 'contact.name'],
    ['the guardian', { household: { legalGuardian: { name: long(201) } } }, 'household.legalGuardian.name'],
  ])('refuses %s over 200 characters', (_field, overrides, path) => {
    refuseAt(minimalCase(overrides), path);
  });

  it('accepts names of exactly 200 characters', () => {
    accept(minimalCase({ person: { familyName: long(200), givenNames: long(200), birthName: long(200), placeOfBirth: long(200) } }));
  });

  it('accepts a municipal reference of 64 characters and refuses 65', () => {
    accept(minimalCase({ municipalReference: 'A'.repeat(64) }));
    refuseAt(minimalCase({ municipalReference: 'A'.repeat(65) }), 'municipalReference');
  });

  it('accepts notes of 2000 characters and refuses 2001', () => {
    accept(minimalCase({ notes: long(2000) }));
    refuseAt(minimalCase({ notes: long(2001) }), 'notes');
  });

  it('accepts medical notes of 1000 characters and refuses 1001', () => {
    accept(minimalCase({ vulnerabilities: { medicalNotes: long(1000) } }));
    refuseAt(minimalCase({ vulnerabilities: { medicalNotes: long(1001) } }), 'vulnerabilities.medicalNotes');
    refuseAt(minimalCase({ vulnerabilities: { other: long(1001) } }), 'vulnerabilities.other');
  });

  it('refuses a caseworker e-mail over 254 characters', () => {
    const label = 'b'.repeat(60);
    refuseAt(minimalCase({ contact: { email: `a@${label}.${label}.${label}.${label}.${label}.org` } }), 'contact.email');
  });

  it.each([
    ['nationalities', { person: { nationalities: ['SYR', 'IRQ', 'TUR', 'LBN', 'JOR', 'EGY'] } }, 'person.nationalities'],
    ['languages', { person: { languages: ['ar', 'ku', 'tr', 'en', 'fr', 'de', 'fa', 'ps', 'ur', 'hi', 'bn'] } }, 'person.languages'],
    ['documents', { documents: Array.from({ length: 6 }, () => ({ type: 'passport' })) }, 'documents'],
    ['aliases', { person: { aliases: Array.from({ length: 11 }, () => ({ familyName: 'Haddad' })) } }, 'person.aliases'],
  ])('refuses more %s than allowed', (_field, overrides, path) => {
    refuseAt(minimalCase(overrides), path);
  });

  it('accepts the maximum number of nationalities, languages, documents and aliases', () => {
    accept(
      minimalCase({
        person: {
          nationalities: ['SYR', 'IRQ', 'TUR', 'LBN', 'JOR'],
          languages: ['ar', 'ku', 'tr', 'en', 'fr', 'de', 'fa', 'ps', 'ur', 'hi'],
          aliases: Array.from({ length: 10 }, () => ({ familyName: 'Haddad' })),
        },
        documents: Array.from({ length: 5 }, () => ({ type: 'passport' })),
      }),
    );
  });

  it('refuses empty nationalities and languages', () => {
    refuseAt(minimalCase({ person: { nationalities: [] } }), 'person.nationalities');
    refuseAt(minimalCase({ person: { languages: [] } }), 'person.languages');
  });

  it('refuses empty or blank strings where text is expected', () => {
    refuseAt(minimalCase({ municipalReference: '   ' }), 'municipalReference');
    refuseAt(minimalCase({ notes: ' ' }), 'notes');
    refuseAt(minimalCase({ person: { givenNames: '' } }), 'person.givenNames');
  });
});

describe('names', () => {
  it.each(['Müller-Lüdenscheidt', "O'Brien", 'Nguyễn', 'Ørsted', 'Çelik', 'Dvořák'])('accepts the family name %j', (familyName) => {
    accept(minimalCase({ person: { familyName } }));
  });

  it.each([
    ['Бейспиль', 'Cyrillic'],
    ['أمل', 'Arabic script'],
    ['Amal2', 'a digit'],
    ['Am\u0000al', 'a control character'],
    ['Amal 😀', 'an emoji'],
  ])('refuses the given name %j (%s), at person.givenNames', (givenNames) => {
    refuseAt(minimalCase({ person: { givenNames } }), 'person.givenNames');
  });

  it('refuses birth names and aliases outside DIN 91379 at their paths', () => {
    refuseAt(minimalCase({ person: { birthName: 'Хаддад' } }), 'person.birthName');
    refuseAt(minimalCase({ person: { aliases: [{ familyName: 'Haddad', givenNames: 'أمل' }] } }), 'person.aliases.0.givenNames');
  });

  it('refuses a place of birth in another script, at person.placeOfBirth', () => {
    refuseAt(minimalCase({ person: { placeOfBirth: 'حلب' } }), 'person.placeOfBirth');
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

describe('error messages', () => {
  it('never echo a refused name', () => {
    const errors = caseErrors(minimalCase({ person: { familyName: 'Бейспиль' } }));
    expect(errors.map((error) => error.path)).toEqual(['person.familyName']);
    expect(JSON.stringify(errors)).not.toContain('Бейспиль');
  });

  it('never echo any of the refused values of a body full of mistakes', () => {
    const submitted = {
      municipalReference: 'Geheim<Az>',
      person: {
        familyName: 'Бейспиль',
        givenNames: 'Amal😀',
        birthName: 'Хаддад',
        dateOfBirth: '31.12.1990',
        placeOfBirth: 'حلب',
        sex: 'weiblich-geheim',
        nationalities: ['SYRIEN'],
        languages: ['arabisch'],
        interpreterRequired: 'jawohl',
        azrNumber: 'AZR-98765',
      },
      residence: { status: 'Duldung-geheim', toleratedUntil: '2027-02-30' },
      targetCountry: 'Syrien',
      household: { members: [{ relationship: 'Ehegatte', familyName: 'Хаддад', givenNames: 'Карим', dateOfBirth: '1987-06-31' }] },
      vulnerabilities: { medicalNotes: 'HIV-positiv\u0007', fitnessToTravel: 'bettlägerig' },
      documents: [{ type: 'Reisepass', number: 'n-geheim 123' }],
      consent: { dataTransfer: 'ja', signedOn: '2099-12-31', signedBy: 'Vater' },
      contact: { name: 'Сотрудник', email: 'sachbearbeitung(at)geheim.example', phone: 'Zentrale anrufen' },
      notes: 'Vertraulich\u0000',
    };
    const errors = caseErrors(submitted);
    expect(errors.length).toBeGreaterThan(20);
    const output = JSON.stringify(errors);
    const leaves = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : typeof value === 'object' && value !== null ? Object.values(value).flatMap(leaves) : [];
    for (const value of leaves(submitted)) expect(output).not.toContain(JSON.stringify(value).slice(1, -1));
  });
});

describe('rules added after the first review', () => {
  it('lets only the guardian sign for a person who is a minor on the day of signing', () => {
    const minor = { person: { dateOfBirth: '2012-05-01' } };
    refuseAt(minimalCase(minor), 'consent.signedBy');
    accept(minimalCase({ ...minor, consent: { dataTransfer: true, signedOn: SIGNED_ON, signedBy: 'guardian' } }));
  });

  it('refuses a nationality or a language given twice', () => {
    refuseAt(minimalCase({ person: { nationalities: ['SYR', 'SYR'] } }), 'person.nationalities');
    refuseAt(minimalCase({ person: { languages: ['ar', 'ar'] } }), 'person.languages');
  });

  it('takes only real countries as the issuer of a travel document, not the ICAO status codes', () => {
    refuseAt(minimalCase({ documents: [{ type: 'passport', number: 'P1234567', issuingCountry: 'XXA' }] }), 'documents.0.issuingCountry');
    accept(minimalCase({ documents: [{ type: 'passport', number: 'P1234567', issuingCountry: 'SYR' }] }));
  });

  it('refuses bidirectional override characters in free text, which can disguise what a note says', () => {
    refuseAt(minimalCase({ notes: 'Termin am \u202E2702\u202C' }), 'notes');
    accept(minimalCase({ notes: 'Termin am 27.02.\nBitte mit Dolmetscher.' }));
  });
});
