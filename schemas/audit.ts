import { z } from 'zod';
import { RoleSchema } from './participant.ts';

const Timestamp = z.iso.datetime({ offset: true }).meta({ description: 'RFC 3339; answered in UTC' });
const Hash = z.string().regex(/^[0-9a-f]{64}$/);

export const AuditEntrySchema = z
  .object({
    seq: z.number().int().min(1).meta({ description: 'Place in the gap-free sequence (1, 2, 3, ...)' }),
    id: z.string(),
    at: z.string().meta({ description: 'When the exchange happened (RFC 3339 UTC); for a counted entry the first repeat' }),
    actor: z
      .object({ clientId: z.string(), role: RoleSchema, organisation: z.string() })
      .optional()
      .meta({ description: 'The registered client; absent for an unidentified caller and for the system\u2019s own sends' }),
    action: z.string().meta({ description: 'The operation, e.g. cases.create, cases.route, cases.read, work.lease, work.send' }),
    subject: z.object({ type: z.string(), id: z.string() }).optional(),
    outcome: z.enum(['success', 'replayed', 'denied', 'rejected', 'failed']),
    requestId: z.string().meta({ description: 'X-Request-Id of the call (for a counted entry: of the first repeat)' }),
    reason: z.string().optional().meta({ description: 'Why a call was denied, e.g. invalid_token, role_not_allowed, other_tenant' }),
    payloadSha256: Hash.optional().meta({ description: 'HMAC-SHA-256 (server key) of the exchanged body in RFC 8785 canonical form' }),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    count: z.number().int().min(1).optional().meta({ description: 'How many refused calls of one source this entry counts (one window)' }),
    lastAt: z.string().optional().meta({ description: 'The last call a counted entry counts' }),
    prevHash: Hash.meta({ description: 'hash of entry seq - 1 (64 zeros for entry 1)' }),
    hash: Hash.meta({ description: 'SHA-256 of the RFC 8785 canonical JSON of every other field of this entry' }),
    sequencedAt: z.string().meta({ description: 'When the sequencer chained the entry' }),
  })
  .meta({ id: 'AuditEntry' });

export const AuditQuerySchema = z.object({
  from: Timestamp.optional().meta({ description: 'Entries at or after this time' }),
  to: Timestamp.optional().meta({ description: 'Entries before this time' }),
  action: z
    .string()
    .regex(/^[a-z]+(\.[a-z_]+)*$/, 'must be an operation such as cases.create')
    .max(64)
    .optional(),
  actor: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a client id')
    .optional()
    .meta({ description: 'A client id' }),
  subject: z.string().min(1).max(64).optional().meta({ description: 'A resource id (case, consultation request, centre)' }),
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: '1-100, default 25' }),
  cursor: z.string().max(4096).optional().meta({ description: 'nextCursor of the previous page' }),
});

export const AuditPageSchema = z
  .object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditPage', description: 'Newest first (by seq where a filter names a subject or actor, else by time)' });

export const AuditVerificationSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number().int().min(0).meta({ description: 'Entries found intact, from seq 1 on' }),
    firstBrokenSeq: z.number().int().min(1).nullable().meta({ description: 'The first entry that cannot be vouched for; null when ok' }),
    problem: z
      .enum([
        'sequence-mismatch',
        'hash-mismatch',
        'broken-link',
        'checkpoint-mismatch',
        'truncated',
        'head-mismatch',
        'invalid-checkpoint',
      ])
      .nullable()
      .meta({
        description: 'What is wrong at firstBrokenSeq: deleted or moved, edited, reordered, recomputed, cut off, forged checkpoint',
      }),
    headSeq: z.number().int().min(0).meta({ description: 'The last chained entry, as the sequencer recorded it' }),
    checkpointsMatched: z.number().int().min(0).meta({ description: 'Signed checkpoints whose signature and hash matched' }),
    latestCheckpoint: z
      .object({
        seq: z.number().int(),
        at: z.string(),
        jws: z.string().meta({ description: 'JWS compact (ES256) over { seq, hash, at }' }),
      })
      .nullable(),
  })
  .meta({ id: 'AuditVerification' });

export const AuditExportQuerySchema = z
  .object({
    from: Timestamp.meta({ description: 'Entries at or after this time' }),
    to: Timestamp.meta({ description: 'Entries before this time; at most 366 days after from' }),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { message: 'must be after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'must be at most 366 days after from',
    path: ['to'],
  });
