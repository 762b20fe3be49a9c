/** SQS keeps a received message hidden at most 12 hours from its receive (SQS quotas: visibility timeout). */
export const MAX_LEASE_SPAN_MS = 12 * 3600 * 1000;
/** Margin below the 12 hours, since our lease start is taken just after SQS's receive. */
const CAP_MARGIN_MS = 60 * 1000;

/**
 * The new end of a lease that is extended by `leaseSeconds` from `now`: never more than 12 hours (less a
 * minute's margin) after the lease began. `undefined` when the cap leaves nothing to extend.
 *
 * @param startedAt when the lease began (ISO 8601)
 * @param now the time of the extension
 * @param leaseSeconds the requested length from now, in seconds
 * @returns the new end, and the visibility timeout in whole seconds that SQS needs for it
 */
export function extendedLease(
  startedAt: string,
  now: Date,
  leaseSeconds: number,
): { expiresAt: Date; visibilitySeconds: number } | undefined {
  const cap = new Date(startedAt).getTime() + MAX_LEASE_SPAN_MS - CAP_MARGIN_MS;
  const end = Math.min(now.getTime() + leaseSeconds * 1000, cap);
  const visibilitySeconds = Math.floor((end - now.getTime()) / 1000);
  if (visibilitySeconds <= 0) return undefined;
  // Whole seconds, as SQS counts them: the lease never outlives the hidden copy.
  return { expiresAt: new Date(now.getTime() + visibilitySeconds * 1000), visibilitySeconds };
}

/**
 * The delay of a release in whole seconds: as asked, but never past the lease's 12-hour window, which
 * SQS would refuse (the copy then comes back when that window allows, not after the asked delay).
 *
 * @param startedAt when the lease began (ISO 8601)
 * @param delaySeconds the asked delay, in seconds (0-43200)
 */
export function releaseDelay(startedAt: string, now: Date, delaySeconds: number): number {
  const cap = new Date(startedAt).getTime() + MAX_LEASE_SPAN_MS - CAP_MARGIN_MS;
  return Math.max(0, Math.min(delaySeconds, Math.floor((cap - now.getTime()) / 1000)));
}
