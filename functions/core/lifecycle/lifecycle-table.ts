import type { Role } from '../../../schemas/participant.ts';
import { STATUSES, type Status } from '../../../schemas/requests.ts';
import { AppError } from '../errors.ts';
import { isFinal } from '../requests/request.ts';

/**
 * The kinds of change a request goes through after intake: delivery (the centre acks the work item),
 * a centre's status report, a transfer to the other centre, and the municipality's withdrawal.
 */
export type LifecycleChange = 'deliver' | 'status' | 'transfer' | 'withdraw';

/** One row of the lifecycle table: a change from these statuses to these statuses, made by this role. */
export interface LifecycleRule {
  change: LifecycleChange;
  from: readonly Status[];
  to: readonly Status[];
  by: Role;
}

/** Where a centre works on a request: after delivery, until a final status. */
const IN_PROGRESS: readonly Status[] = ['delivered', 'in_counselling', 'appointment_scheduled'];

/** What a centre may report on a request it works on. */
export const CENTRE_STATUSES = ['in_counselling', 'appointment_scheduled', 'completed', 'departed', 'closed_without_return'] as const;

/**
 * The lifecycle table of CONTRACT.md ("Statuses and who moves them"), row by row. Intake (-> `queued`)
 * is the creation itself and not a change of an existing request. A transfer ends `queued` at the other
 * centre. Every change not in this table is a 409 `invalid-transition`.
 */
export const LIFECYCLE_TABLE: readonly LifecycleRule[] = [
  { change: 'deliver', from: ['queued'], to: ['delivered'], by: 'centre' },
  { change: 'status', from: IN_PROGRESS, to: CENTRE_STATUSES, by: 'centre' },
  { change: 'transfer', from: IN_PROGRESS, to: ['queued'], by: 'centre' },
  { change: 'withdraw', from: STATUSES.filter((status) => !isFinal(status)), to: ['withdrawn'], by: 'municipality' },
];

/** A change the lifecycle table does not have (409 `/problems/invalid-transition`). */
export class InvalidTransitionError extends AppError {
  readonly from: Status;
  readonly to: Status;

  constructor(change: LifecycleChange, from: Status, to: Status) {
    super('invalid-transition', describe(change, from, to));
    this.name = 'InvalidTransitionError';
    this.from = from;
    this.to = to;
  }
}

function describe(change: LifecycleChange, from: Status, to: Status): string {
  switch (change) {
    case 'withdraw':
      return `A request in status ${from} cannot be withdrawn`;
    case 'transfer':
      return `A request in status ${from} cannot be transferred; only delivered, in_counselling or appointment_scheduled ones can`;
    default:
      return `A request in status ${from} cannot change to ${to}`;
  }
}

/** Whether the table has this change from `from` to `to` (for the role that makes that change). */
export function isAllowed(change: LifecycleChange, from: Status, to: Status): boolean {
  return LIFECYCLE_TABLE.some((rule) => rule.change === change && rule.from.includes(from) && rule.to.includes(to));
}

/**
 * The status a request moves to, or throws.
 * @param to the requested status of a status report; the other changes have one target each.
 * @throws InvalidTransitionError when the table has no such change (CONTRACT.md: "Any other change is 409").
 */
export function nextStatus(change: LifecycleChange, from: Status, to?: Status): Status {
  const target = to ?? targetOf(change);
  if (!isAllowed(change, from, target)) throw new InvalidTransitionError(change, from, target);
  return target;
}

function targetOf(change: LifecycleChange): Status {
  const rule = LIFECYCLE_TABLE.find((r) => r.change === change);
  const [only, ...more] = rule?.to ?? [];
  if (!only || more.length > 0) throw new Error(`The ${change} change needs a target status`);
  return only;
}
