/** How long personal data is kept: after intake, and (shorter) after a request reaches a final status. */
export interface RetentionPolicy {
  afterIntakeDays: number;
  afterFinalDays: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** The expiry set at intake: the retention clock starts then, also for requests that are never closed. */
export function expiryAtIntake(createdAt: Date, policy: RetentionPolicy): Date {
  return new Date(createdAt.getTime() + policy.afterIntakeDays * DAY_MS);
}

/** The expiry once a request is final: whichever comes first, the intake expiry or the final-status one. */
export function expiryAfterFinal(currentExpiry: Date, finalAt: Date, policy: RetentionPolicy): Date {
  const afterFinal = finalAt.getTime() + policy.afterFinalDays * DAY_MS;
  return new Date(Math.min(currentExpiry.getTime(), afterFinal));
}
