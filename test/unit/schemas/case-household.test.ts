import { describe, expect, it } from 'vitest';
import { isAdultOn } from '../../../schemas/requests.ts';
import { type JsonObject, minimalCase, tomorrowInGermany } from '../../support/fixtures.ts';
import { accept, adultMember, guardian, memberConsent, paths, refuseAt, SIGNED_ON } from './case-helpers.ts';

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
