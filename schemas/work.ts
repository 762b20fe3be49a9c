import { z } from 'zod';
import { WORK_TYPES } from './work-message.ts';

/** The longest lease token we issue is well below this; anything longer is not one of ours. */
const LEASE_TOKEN_MAX = 4096;

export const LeaseRequestSchema = z
  .strictObject({
    max: z.number().int().min(1).max(10).default(10).meta({ description: 'At most this many work items (1-10)' }),
    leaseSeconds: z.number().int().min(30).max(900).default(300).meta({
      description: 'Lease length in seconds (30-900): the items stay hidden from other leases this long unless acked or released',
    }),
    waitSeconds: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(0)
      .meta({ description: 'Long poll: wait up to this many seconds (0-20) for work when none is waiting' }),
  })
  .meta({ id: 'LeaseRequest', example: { max: 10, leaseSeconds: 300, waitSeconds: 5 } });

export const LeasedItemSchema = z
  .object({
    workId: z.string().meta({ description: 'Stable across redeliveries: process each workId once' }),
    leaseToken: z.string().meta({ description: 'Opaque and sealed; settles this lease with ack, release or extend' }),
    leaseExpiresAt: z.iso.datetime().meta({ description: 'The lease ends then unless acked, released or extended' }),
    deliveryCount: z.number().int().min(1).meta({ description: 'How often this work item was leased, this lease included' }),
    type: z.enum(WORK_TYPES),
    subject: z.object({ type: z.enum(['case', 'consultation']), id: z.string() }),
    resource: z
      .record(z.string(), z.unknown())
      .meta({ description: 'The case or consultation request as it is now (with personal data while it is kept and assigned to you)' }),
  })
  .meta({ id: 'LeasedWorkItem' });

export const LeaseResponseSchema = z
  .object({ items: z.array(LeasedItemSchema).meta({ description: 'In delivery order: process them in array order' }) })
  .meta({ id: 'Lease' });

const leaseTokens = z
  .array(z.string().min(1).max(LEASE_TOKEN_MAX))
  .min(1)
  .max(100)
  .meta({ description: 'Lease tokens from work/lease (1-100)' });

export const AckRequestSchema = z.strictObject({ leaseTokens }).meta({ id: 'AckRequest' });

export const ReleaseRequestSchema = z
  .strictObject({
    leaseTokens,
    delaySeconds: z
      .number()
      .int()
      .min(0)
      .max(43_200)
      .default(0)
      .meta({ description: 'Hand the items out again after this many seconds (0-43200); a release counts as a failed delivery' }),
  })
  .meta({ id: 'ReleaseRequest' });

export const ExtendRequestSchema = z
  .strictObject({
    leaseTokens,
    leaseSeconds: z
      .number()
      .int()
      .min(30)
      .max(900)
      .meta({ description: 'The lease ends this many seconds (30-900) from now, but never more than 12 hours after it began' }),
  })
  .meta({ id: 'ExtendRequest' });

export const SettleResponseSchema = z
  .object({
    succeeded: z.array(
      z.object({
        leaseToken: z.string(),
        workId: z.string(),
        leaseExpiresAt: z.iso.datetime().optional().meta({ description: 'extend only: the new end of the lease' }),
      }),
    ),
    failed: z.array(
      z.object({
        leaseToken: z.string(),
        status: z.number().int().meta({
          description:
            '409 `/problems/lease-expired`: expired, superseded, released or already acked; 404: not a lease token of this centre; 409 `/problems/conflict` or 503 `/problems/service-unavailable`: the write of this item met a concurrent one or a busy store, nothing of it was kept and the lease is still yours: settle it again; 500 `/problems/internal`: it failed otherwise',
        }),
        type: z.string().meta({ description: 'Problem type URI of the failure: switch on it, not on `status`' }),
        title: z.string(),
      }),
    ),
  })
  .meta({ id: 'SettleResult' });

export const CentreParamSchema = z.object({ centre: z.enum(['braunschweig', 'osnabrueck']) });

export type LeaseRequest = z.infer<typeof LeaseRequestSchema>;
export type SettleResult = z.infer<typeof SettleResponseSchema>;
