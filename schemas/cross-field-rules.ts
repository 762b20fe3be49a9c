import type { z } from 'zod';
import { DateOfBirthSchema, DateSchema } from './common.ts';
import { earliestDay, isAdultOn } from './partial-date.ts';

interface Dated {
  dateOfBirth: string;
}

/** The fields of a case or consultation request that the rules below read. */
export interface IntakeBody {
  person: Dated;
  household?: {
    members: (Dated & { consent?: { signedOn: string } | undefined })[];
    unaccompaniedMinor: boolean;
    legalGuardian?: unknown;
  };
  consent: { signedOn: string; signedBy: 'person' | 'guardian' };
}

/** A date of birth in its reduced form, or `undefined` when it is invalid (reported at its own path). */
const birth = (value: unknown) => DateOfBirthSchema.safeParse(value).data;
const fullDate = (value: unknown) => (DateSchema.safeParse(value).success ? (value as string) : undefined);

/**
 * Rules that span fields of a submission, judged only on values that are valid themselves:
 * - a consent is not signed before the signer's (earliest possible) date of birth;
 * - an adult household member consents to the transfer; who could still be under 18 is a minor
 *   (the reading that protects the person), also where the date of birth is only partly known;
 * - an unaccompanied minor has a legal guardian, and for a minor the guardian signs the consent.
 */
export function intakeRules(body: IntakeBody, ctx: z.RefinementCtx): void {
  const signedOn = fullDate(body.consent.signedOn);
  const household = body.household;
  household?.members.forEach((member, index) => {
    const born = birth(member.dateOfBirth);
    const path = ['household', 'members', index, 'consent'];
    if (born && signedOn && isAdultOn(born, signedOn) && !member.consent) {
      ctx.addIssue({ code: 'custom', path, message: 'an adult household member must consent to the data transfer' });
    }
    const memberSigned = fullDate(member.consent?.signedOn);
    if (born && memberSigned && memberSigned < earliestDay(born)) {
      ctx.addIssue({ code: 'custom', path: [...path, 'signedOn'], message: 'must not be before the member\u2019s date of birth' });
    }
  });
  if (household?.unaccompaniedMinor && !household.legalGuardian) {
    ctx.addIssue({ code: 'custom', path: ['household', 'legalGuardian'], message: 'an unaccompanied minor needs a legal guardian' });
  }
  const born = birth(body.person.dateOfBirth);
  if (born && signedOn && signedOn < earliestDay(born)) {
    ctx.addIssue({ code: 'custom', path: ['consent', 'signedOn'], message: 'must not be before the date of birth' });
    return;
  }
  const minor = born !== undefined && signedOn !== undefined && !isAdultOn(born, signedOn);
  if ((minor || household?.unaccompaniedMinor) && body.consent.signedBy !== 'guardian') {
    ctx.addIssue({ code: 'custom', path: ['consent', 'signedBy'], message: 'for a minor the legal guardian signs the consent' });
  }
}
