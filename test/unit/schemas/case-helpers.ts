import { CaseSubmissionSchema } from '../../../schemas/requests.ts';
import { expectAccepted, expectRefusedAt, type JsonObject, pathsOf } from '../../support/fixtures.ts';

/** Asserts that the case schema accepts `body`. */
export const accept = (body: unknown) => expectAccepted(CaseSubmissionSchema, body);
/** Asserts that the case schema refuses `body` at `path` (dot notation). */
export const refuseAt = (body: unknown, path: string) => expectRefusedAt(CaseSubmissionSchema, body, path);
/** The paths at which the case schema refuses `body`. */
export const paths = (body: unknown) => pathsOf(CaseSubmissionSchema, body);

/** The consent date of the minimal bodies: adulthood of household members is judged on it. */
export const SIGNED_ON = '2026-11-20';

/** An adult household member (the spouse), with `overrides`. */
export const adultMember = (overrides: JsonObject = {}): JsonObject => ({
  relationship: 'spouse',
  familyName: 'Haddad',
  givenNames: 'Karim',
  dateOfBirth: '1987-06-30',
  ...overrides,
});

/** A household member's own consent, signed with the case's. */
export const memberConsent = { dataTransfer: true, signedOn: SIGNED_ON };

/** The guardian of an unaccompanied minor (a youth welfare office). */
export const guardian = { name: 'Jugendamt Braunschweig', organisation: 'Stadt Braunschweig', email: 'jugendamt@example.org' };
