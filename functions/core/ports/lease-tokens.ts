import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';

/** What a lease token carries; sealed, so the holder can neither read nor change it. */
export interface LeaseClaims {
  centre: Centre;
  workId: string;
  /** The work item's type and subject: an ack records the delivery before it settles the lease. */
  type: WorkMessage['type'];
  subject: WorkMessage['subject'];
  leaseId: string;
  /** The SQS receipt handle of the receive that made the lease. */
  receipt: string;
  /** When the lease began (ISO 8601): the 12-hour cap of `extend` counts from here. */
  startedAt: string;
}

/** Seals and opens lease tokens with a server key per centre: one centre can neither read nor use another's. */
export interface LeaseTokens {
  seal(claims: LeaseClaims): Promise<string>;
  /** The claims of a token sealed for this centre; `undefined` for anything else (forged, garbled, another centre's). */
  open(token: string, centre: Centre): Promise<LeaseClaims | undefined>;
}
