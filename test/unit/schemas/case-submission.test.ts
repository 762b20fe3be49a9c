import { describe, expect, it } from 'vitest';
import { CaseSubmissionSchema } from '../../../schemas/requests.ts';
import { caseErrors, fullCase, type JsonObject, minimalCase } from '../../support/fixtures.ts';
import { accept, adultMember, memberConsent, paths, refuseAt, SIGNED_ON } from './case-helpers.ts';

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
